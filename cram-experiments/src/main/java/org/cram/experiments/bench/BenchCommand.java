package org.cram.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cram.compress.bench.TopKBenchmark;
import org.cram.models.nn.BatchNormBenchmark;
import org.cram.experiments.platform.AllocatorEnvironment;

/**
 * {@code cram bench}: one JVM per model runs {@link StepBenchmark}; if {@code bench/pytorch_bench.py} and a Python
 * with torch are available, the same work runs in PyTorch in the same invocation. One table, ratios included.
 */
public final class BenchCommand {
    /** The models the issue names: LeNet-300-100, ResNet-20 on 32x32x3, BERT at MiniLM-L6 geometry. */
    public static final List<String> DEFAULT_MODELS = List.of("lenet-300-100", "resnet20", StepBenchmark.BERT_MINILM);
    /** Untimed steps before the timed ones. */
    public static final int DEFAULT_WARMUP = 5;
    /** Timed steps per optimizer (the median is reported). */
    public static final int DEFAULT_REPS = 20;
    /**
     * Minimum warm-up time per optimizer, on both sides, on top of the warm-up steps: the JIT compiles LeNet's step
     * only after a thousand or more calls (measured, median SGD step: 27.7 ms after 5 warm-up steps, 11.8 ms after
     * 2 s of warm-up, 3.1 ms after 2,000 warm-up steps).
     */
    public static final double WARMUP_SECONDS = 10.0;

    private static final String SYNTAX = "--models a,b --reps N --warmup N --soak N --no-topk --profile MODEL "
            + "--allocator-ablation";

    private BenchCommand() {
    }

    /**
     * What to measure.
     *
     * @param soak  further CrAM+ steps after the timed ones, to show off-heap growth (0: none)
     * @param topK  also run the micro-benchmarks: the global Top-K threshold over 25.5M floats and the batch norm
     *              kernels against libnd4j ({@code --no-topk} skips both)
     * @param profile a model whose CrAM+ step to profile op by op instead of the benchmark (empty: none)
     * @param allocatorAblation also run our side with glibc's default malloc settings, side by side
     */
    public record Options(List<String> models, int warmup, int reps, int soak, boolean topK, String profile,
                          boolean allocatorAblation) {
        public Options {
            models = List.copyOf(models);
            java.util.Objects.requireNonNull(profile, "profile");
            if (models.isEmpty() || warmup < 0 || reps < 1 || soak < 0) {
                throw new IllegalArgumentException("bench needs at least one model, warm-up >= 0, reps >= 1 and "
                        + "soak >= 0; got models " + models + ", warm-up " + warmup + ", reps " + reps + ", soak "
                        + soak);
            }
        }

        /**
         * Parses {@code [--models a,b] [--reps N] [--warmup N] [--soak N] [--no-topk] [--profile MODEL]
         * [--allocator-ablation]}.
         *
         * @throws IllegalArgumentException naming the bad argument and what is allowed
         */
        public static Options parse(List<String> args) {
            List<String> models = DEFAULT_MODELS;
            int warmup = DEFAULT_WARMUP;
            int reps = DEFAULT_REPS;
            int soak = 0;
            boolean topK = true;
            String profile = "";
            boolean ablation = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--no-topk")) {
                    topK = false;
                    continue;
                }
                if (a.equals("--allocator-ablation")) {
                    ablation = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("bench: '" + a + "' needs a value, or is not an option; "
                            + "expected " + SYNTAX);
                }
                String v = args.get(++i);
                switch (a) {
                    case "--models" -> models = List.of(v.split(","));
                    case "--reps" -> reps = count(a, v);
                    case "--warmup" -> warmup = count(a, v);
                    case "--soak" -> soak = count(a, v);
                    case "--profile" -> profile = v;
                    default -> throw new IllegalArgumentException("bench: unknown option '" + a + "'; expected "
                            + SYNTAX);
                }
            }
            return new Options(models, warmup, reps, soak, topK, profile, ablation);
        }

        private static int count(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bench: " + option + " takes a whole number, got '" + value + "'");
            }
        }
    }

    /** One measured row (times in ms, memory in MB). */
    record Row(String model, double sgdMs, double cramMs, double trackingMs, long peakMb, long rssBeforeSoakMb,
               long rssAfterSoakMb, int soakSteps) {
        double ratio() {
            return cramMs / sgdMs;
        }
    }

    public static int run(Options o, PrintStream out, PrintStream err) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = childJvmArguments();
        if (!o.profile().isEmpty()) {
            err.println("bench: profiling a CrAM+ step of " + o.profile() + "...");
            String table = exec(javaCommand(java, jvm, StepProfile.class, o.profile(), String.valueOf(o.warmup()),
                    String.valueOf(o.reps())), System.getenv(), err);
            out.print(table == null ? "" : table);
            return table == null ? 1 : 0;
        }
        AllocatorEnvironment allocator = AllocatorEnvironment.current();
        Map<String, Row> ours = new LinkedHashMap<>();
        Map<String, Row> untuned = new LinkedHashMap<>();
        Map<String, Row> torch = new LinkedHashMap<>();
        for (String m : o.models()) {
            err.println("bench: " + m + " (ND4J)...");
            List<String> cmd = javaCommand(java, jvm, StepBenchmark.class, m, String.valueOf(o.warmup()),
                    String.valueOf(o.reps()), String.valueOf(o.soak()), String.valueOf(WARMUP_SECONDS));
            parse(exec(cmd, System.getenv(), err)).ifPresent(r -> ours.put(m, r));
            if (o.allocatorAblation() && allocator.keepsFreedMemory()) {
                err.println("bench: " + m + " (ND4J, glibc malloc defaults)...");
                parse(exec(cmd, AllocatorEnvironment.withoutSettings(System.getenv()), err))
                        .ifPresent(r -> untuned.put(m, r));
            }
        }
        Path script = Path.of("bench", "pytorch_bench.py");
        boolean havePython = Files.exists(script)
                && exec(List.of("python3", "-c", "import torch"), System.getenv(), err) != null;
        if (havePython) {
            for (String m : o.models()) {
                err.println("bench: " + m + " (PyTorch)...");
                parse(exec(List.of("python3", script.toString(), m, String.valueOf(o.warmup()),
                        String.valueOf(o.reps()), String.valueOf(WARMUP_SECONDS),
                        String.valueOf(StepBenchmark.MIN_TIMED_SECONDS)), System.getenv(), err))
                        .ifPresent(r -> torch.put(m, r));
            }
        }
        out.println("ours: " + allocator.describe() + "; threads " + Runtime.getRuntime().availableProcessors()
                + " cores");
        out.println();
        out.println("| model | SGD step (ms) | CrAM+ step (ms) | CrAM+/SGD | peak RSS (MB) | tracking/step "
                + "| PyTorch SGD (ms) | PyTorch CrAM+ (ms) | PyTorch peak RSS (MB) | ours/PyTorch (SGD) "
                + "| ours/PyTorch (CrAM+) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : ours.values()) {
            Row t = torch.get(r.model());
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %d | %.2f%% | %s | %s | %s | %s | %s |%n", r.model(),
                    r.sgdMs(), r.cramMs(), r.ratio(), r.peakMb(), 100 * r.trackingMs() / r.cramMs(),
                    t == null ? "n/a" : fmt(t.sgdMs()), t == null ? "n/a" : fmt(t.cramMs()),
                    t == null ? "n/a" : String.valueOf(t.peakMb()),
                    t == null ? "n/a" : fmt(r.sgdMs() / t.sgdMs()), t == null ? "n/a" : fmt(r.cramMs() / t.cramMs()));
        }
        if (o.allocatorAblation()) {
            printAblation(ours, untuned, allocator, out);
        }
        if (o.soak() > 0) {
            out.println();
            out.println("| model | RSS after timed steps (MB) | RSS after " + o.soak() + " more CrAM+ steps (MB) "
                    + "| growth (MB) |");
            out.println("|---|---:|---:|---:|");
            for (Row r : ours.values()) {
                out.printf(Locale.ROOT, "| %s | %d | %d | %+d |%n", r.model(), r.rssBeforeSoakMb(),
                        r.rssAfterSoakMb(), r.rssAfterSoakMb() - r.rssBeforeSoakMb());
            }
        }
        if (!havePython) {
            out.println("\n(PyTorch columns: run bench/pytorch.sh, which installs Debian's python3-torch, for the peer.)");
        }
        if (o.topK()) {
            err.println("bench: global Top-K over 25.5M floats...");
            String table = exec(javaCommand(java, jvm, TopKBenchmark.class, "5", "--nd4j"), System.getenv(), err);
            out.println();
            out.print(table == null ? "(Top-K benchmark failed)\n" : table);
            err.println("bench: batch norm kernels against libnd4j...");
            String bn = exec(javaCommand(java, jvm, BatchNormBenchmark.class, "30"), System.getenv(), err);
            out.println();
            out.print(bn == null ? "(batch norm benchmark failed)\n" : bn);
        }
        return ours.size() == o.models().size() ? 0 : 1;
    }

    /** Our side with the launcher's malloc settings against glibc's defaults, same models, same run. */
    private static void printAblation(Map<String, Row> tuned, Map<String, Row> untuned, AllocatorEnvironment allocator,
                                      PrintStream out) {
        out.println();
        if (!allocator.keepsFreedMemory()) {
            out.println("(allocator ablation skipped: this process already runs with " + allocator.describe()
                    + "; start it through ./cram)");
            return;
        }
        out.println("Allocator ablation (ours only): glibc malloc defaults against " + allocator.describe());
        out.println();
        out.println("| model | SGD defaults (ms) | SGD tuned (ms) | speed-up | CrAM+ defaults (ms) | CrAM+ tuned (ms) "
                + "| speed-up | peak RSS defaults (MB) | peak RSS tuned (MB) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row t : tuned.values()) {
            Row d = untuned.get(t.model());
            if (d == null) {
                out.printf(Locale.ROOT, "| %s | failed | %.1f | | failed | %.1f | | | %d |%n", t.model(), t.sgdMs(),
                        t.cramMs(), t.peakMb());
                continue;
            }
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %d | %d |%n", t.model(),
                    d.sgdMs(), t.sgdMs(), d.sgdMs() / t.sgdMs(), d.cramMs(), t.cramMs(), d.cramMs() / t.cramMs(),
                    d.peakMb(), t.peakMb());
        }
    }

    /**
     * The JVM options of this process (the launcher's heap and young-generation sizes, system properties), for the
     * measuring child JVMs: one place, {@code ./cram}, decides how every JVM runs. Profiler and debugger agents
     * are not passed on.
     */
    static List<String> childJvmArguments() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")
                        && !a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-Xlog"))
                .toList();
    }

    private static List<String> javaCommand(String java, List<String> jvm, Class<?> main, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
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
                boolean soak = f.length > 8;
                return java.util.Optional.of(new Row(f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Long.parseLong(f[5]), soak ? Long.parseLong(f[6]) : -1,
                        soak ? Long.parseLong(f[7]) : -1, soak ? Integer.parseInt(f[8]) : 0));
            }
        }
        return java.util.Optional.empty();
    }

    /** Runs a command with exactly the environment {@code env}; returns its standard output, or null if it failed. */
    private static String exec(List<String> cmd, Map<String, String> env, PrintStream err) {
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process p = builder.start();
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
