package org.cram.experiments.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that writes a file-store run: its pid, host and start time, as {@code pid@host@startMillis}. The start
 * time tells a live writer from a later process that reuses the pid.
 *
 * @param startMillis the process's start time (epoch ms), or -1 where the OS does not tell
 */
public record WriterProcess(long pid, String host, long startMillis) {

    /** This JVM. */
    public static WriterProcess current() {
        ProcessHandle self = ProcessHandle.current();
        return new WriterProcess(self.pid(), localHost(), startMillis(self));
    }

    /** {@code pid@host@startMillis}. */
    public String id() {
        return pid + "@" + host + "@" + startMillis;
    }

    /** Parses {@link #id()}; empty for anything else (runs written before the tag existed, other tools). */
    public static Optional<WriterProcess> parse(String id) {
        String[] f = id.split("@", -1);
        if (f.length != 3 || f[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WriterProcess(Long.parseLong(f[0]), f[1], Long.parseLong(f[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this writer has certainly ended: it ran on this host, and no process with its pid and start time is
     * alive. A writer on another host, or one whose start time is unknown, is never called dead.
     */
    public boolean isCertainlyDead() {
        if (!host.equals(localHost()) || startMillis < 0) {
            return false;
        }
        return ProcessHandle.of(pid).map(p -> startMillis(p) != startMillis).orElse(true);
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    private static String localHost() {
        try {
            String name = Files.readString(Path.of("/etc/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux-like: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
