package org.cram.experiments.platform;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The glibc {@code malloc} settings a process runs with, read from its environment.
 *
 * <p>Why it matters: libnd4j allocates its large per-op temporaries (the im2col buffer of {@code conv2d_bp}, tens of
 * MB for a ResNet layer at batch 128) with {@code malloc} and frees them at the end of the op. With glibc's defaults
 * such blocks are {@code mmap}ed and unmapped on every call, so every call pays thousands of page faults to touch
 * fresh zero pages: measured on a 2-core machine, one 16-to-16-channel 32x32 {@code conv2d_bp} at batch 128 took
 * 85-155 ms with 9-18 thousand minor faults, and 7.4 ms with none once freed memory stays in the process. The
 * launcher {@code ./cram} therefore sets {@code MALLOC_MMAP_MAX_=0}, a trim threshold above any working set and one
 * arena (the one place those values live); this class only reads and reports what is in effect.
 *
 * @param settings the {@code MALLOC_*} variables and {@code GLIBC_TUNABLES}, sorted by name
 */
public record AllocatorEnvironment(Map<String, String> settings) {
    /** Prefix of glibc's malloc environment variables (e.g. {@code MALLOC_MMAP_MAX_}). */
    public static final String MALLOC_PREFIX = "MALLOC_";
    /** glibc's generic tunables variable, e.g. {@code glibc.malloc.mmap_max=0}. */
    public static final String TUNABLES = "GLIBC_TUNABLES";
    /** A trim threshold at least this large keeps a training step's freed temporaries in the process. */
    static final long MIN_TRIM_THRESHOLD = 1L << 30;

    public AllocatorEnvironment {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** The allocator settings in {@code env} (e.g. {@link System#getenv()}). */
    public static AllocatorEnvironment of(Map<String, String> env) {
        return new AllocatorEnvironment(env.entrySet().stream().filter(e -> isAllocatorSetting(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)));
    }

    /** The allocator settings of this process. */
    public static AllocatorEnvironment current() {
        return of(System.getenv());
    }

    /** A copy of {@code env} without any allocator setting: a child process started with it runs glibc's defaults. */
    public static Map<String, String> withoutSettings(Map<String, String> env) {
        Map<String, String> copy = new TreeMap<>(env);
        copy.keySet().removeIf(AllocatorEnvironment::isAllocatorSetting);
        return copy;
    }

    /**
     * True if freed large blocks stay in the process: large blocks are not {@code mmap}ed (mmap_max 0) and the heap
     * is not trimmed below {@value #MIN_TRIM_THRESHOLD} bytes, set either through the {@code MALLOC_*} variables or
     * through {@code GLIBC_TUNABLES}.
     */
    public boolean keepsFreedMemory() {
        Map<String, String> tunables = tunables();
        String mmapMax = settings.getOrDefault("MALLOC_MMAP_MAX_", tunables.get("glibc.malloc.mmap_max"));
        String trim = settings.getOrDefault("MALLOC_TRIM_THRESHOLD_", tunables.get("glibc.malloc.trim_threshold"));
        return "0".equals(mmapMax == null ? null : mmapMax.trim()) && atLeast(trim, MIN_TRIM_THRESHOLD);
    }

    /** One line for benchmark headers and logs, e.g. {@code glibc malloc: MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0}. */
    public String describe() {
        if (settings.isEmpty()) {
            return "glibc malloc: defaults (no MALLOC_* variables, no GLIBC_TUNABLES)";
        }
        return "glibc malloc: " + settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** A warning for a process that will train with an allocator that returns temporaries to the OS, else empty. */
    public Optional<String> slowAllocatorWarning() {
        if (keepsFreedMemory()) {
            return Optional.empty();
        }
        return Optional.of("note: " + describe() + ". libnd4j's per-op temporaries are then unmapped after every "
                + "op and page-faulted back in (ResNet training steps up to 1.9x slower on 2 cores). Start through "
                + "./cram, which sets the MALLOC_* variables, or export the ones its launcher script names.");
    }

    private Map<String, String> tunables() {
        Map<String, String> out = new TreeMap<>();
        String raw = settings.get(TUNABLES);
        if (raw == null) {
            return out;
        }
        for (String part : raw.split(":")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static boolean atLeast(String value, long min) {
        if (value == null) {
            return false;
        }
        try {
            return Long.parseLong(value.trim()) >= min;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isAllocatorSetting(String name) {
        return name.startsWith(MALLOC_PREFIX) || name.equals(TUNABLES);
    }
}
