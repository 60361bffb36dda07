package org.cram.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cram bench}: one JVM per model runs {@link StepBenchmark}; if {@code bench/pytorch_bench.py} and a Python
 * with torch are available, the same work runs in PyTorch in the same invocation. One table, ratios included.
 */
public final class BenchCommand {
    /** The models the issue names that the framework builds today. */
    public static final List<String> DEFAULT_MODELS = List.of("lenet-300-100", "cnn-bn");

    private BenchCommand() {
    }

    /** One measured row (times in ms, memory in MB). */
    record Row(String model, double sgdMs, double cramMs, double trackingMs, long peakMb) {
        double ratio() {
            return cramMs / sgdMs;
        }
    }

    public static int run(List<String> models, int warmup, int reps, PrintStream out, PrintStream err) {
        Map<String, Row> ours = new LinkedHashMap<>();
        Map<String, Row> torch = new LinkedHashMap<>();
        for (String m : models) {
            err.println("bench: " + m + " (ND4J)...");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-Djava.awt.headless=true", "-Xmx4g", "-cp",
                    System.getProperty("java.class.path"), StepBenchmark.class.getName(), m, String.valueOf(warmup),
                    String.valueOf(reps)));
            parse(exec(cmd, err)).ifPresent(r -> ours.put(m, r));
        }
        Path script = Path.of("bench", "pytorch_bench.py");
        boolean havePython = Files.exists(script) && exec(List.of("python3", "-c", "import torch"), err) != null;
        if (havePython) {
            for (String m : models) {
                err.println("bench: " + m + " (PyTorch)...");
                parse(exec(List.of("python3", script.toString(), m, String.valueOf(warmup), String.valueOf(reps)),
                        err)).ifPresent(r -> torch.put(m, r));
            }
        }
        out.println("| model | SGD step (ms) | CrAM+ step (ms) | CrAM+/SGD | peak RSS (MB) | tracking/step "
                + "| PyTorch SGD (ms) | PyTorch CrAM+ (ms) | ours/PyTorch (SGD) | ours/PyTorch (CrAM+) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : ours.values()) {
            Row t = torch.get(r.model());
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %d | %.2f%% | %s | %s | %s | %s |%n", r.model(),
                    r.sgdMs(), r.cramMs(), r.ratio(), r.peakMb(), 100 * r.trackingMs() / r.cramMs(),
                    t == null ? "n/a" : fmt(t.sgdMs()), t == null ? "n/a" : fmt(t.cramMs()),
                    t == null ? "n/a" : fmt(r.sgdMs() / t.sgdMs()), t == null ? "n/a" : fmt(r.cramMs() / t.cramMs()));
        }
        if (!havePython) {
            out.println("\n(PyTorch columns: run bench/pytorch.sh, which installs Debian's python3-torch, for the peer.)");
        }
        return ours.size() == models.size() ? 0 : 1;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static java.util.Optional<Row> parse(String output) {
        if (output == null) {
            return java.util.Optional.empty();
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.trim().split("\\s+");
                return java.util.Optional.of(new Row(f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Long.parseLong(f[5])));
            }
        }
        return java.util.Optional.empty();
    }

    /** Runs a command; returns its standard output, or null (reported) if it failed. */
    private static String exec(List<String> cmd, PrintStream err) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            StringBuilder sb = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> sb.append(l).append('\n'));
            }
            if (p.waitFor() != 0) {
                err.println("bench: '" + String.join(" ", cmd.subList(0, Math.min(3, cmd.size())))
                        + " ...' exited with " + p.exitValue());
                return null;
            }
            return sb.toString();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
