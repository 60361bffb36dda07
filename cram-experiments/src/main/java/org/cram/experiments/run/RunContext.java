package org.cram.experiments.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Provenance tags recorded on every run: git commit, versions of the project, ND4J and Java, host and CPU. */
public final class RunContext {
    /** The ND4J version the build pins (the parent pom's nd4j.version). */
    public static final String ND4J_VERSION = "1.0.0-M2.1";

    private RunContext() {
    }

    /** Tags for every run; values that cannot be found are "unknown", never an error. */
    public static Map<String, String> tags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("mlflow.source.git.commit", gitCommit());
        t.put("cram.version", String.valueOf(RunContext.class.getPackage().getImplementationVersion()));
        t.put("nd4j.version", ND4J_VERSION);
        t.put("java.version", System.getProperty("java.version"));
        t.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        t.put("host", hostName());
        t.put("cpu", cpuModel() + " x" + Runtime.getRuntime().availableProcessors());
        return t;
    }

    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return out;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }
}
