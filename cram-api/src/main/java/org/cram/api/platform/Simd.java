package org.cram.api.platform;

/**
 * Whether the framework's Java loops over native buffers use SIMD through the JDK's incubating vector API
 * ({@code jdk.incubator.vector}), or their scalar versions. SIMD needs the module in the JVM's boot layer: the
 * {@code cram} launcher, the test JVMs and the bench JVMs add it ({@code --add-modules=jdk.incubator.vector}); without
 * it, or with {@code -Dcram.kernels=scalar}, the scalar loops run. This is the one place for that choice.
 */
public final class Simd {
    /** System property: {@code vector} (the default, when the module is present) or {@code scalar}. */
    public static final String PROPERTY = "cram.kernels";
    private static final boolean ENABLED = decide(System.getProperty(PROPERTY, "vector"), modulePresent());

    private Simd() {
    }

    /** True if the vector loops run in this JVM. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer. */
    public static boolean modulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The decision for a value of {@value #PROPERTY} and the module's presence.
     *
     * @throws IllegalArgumentException for a value other than {@code vector} or {@code scalar}
     */
    public static boolean decide(String requested, boolean modulePresent) {
        return switch (requested) {
            case "scalar" -> false;
            case "vector" -> modulePresent;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested
                    + ": expected 'vector' or 'scalar'");
        };
    }
}
