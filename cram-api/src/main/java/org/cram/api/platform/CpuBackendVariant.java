package org.cram.api.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Picks which of the bundled ND4J native CPU builds loads: the AVX-512 one when the CPU has AVX-512 and the build is
 * on the class path, else JavaCPP's default (the AVX2 build). The choice is JavaCPP's system property
 * {@value #EXTENSION_PROPERTY}, read once when ND4J first loads its native library, so {@link #selectForThisMachine()}
 * must run before any ND4J use: every {@code main} of the framework and the test launcher call it first.
 *
 * <p>Why not always AVX2: libnd4j's own loops (the im2col and packing around {@code conv2d_bp}, element-wise ops)
 * are compiled for one ISA; on an AVX-512 CPU the AVX-512 build trains a ResNet-20 pass 18% faster. Why not always
 * AVX-512: that build dies with SIGILL on CPUs without it, and JavaCPP does not check.
 */
public final class CpuBackendVariant {
    /** JavaCPP's system property naming the native build's extension, e.g. {@code -onednn-avx512}. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The extension of the AVX-512 oneDNN build. */
    public static final String AVX512_EXTENSION = "-onednn-avx512";
    /** The CPU features the AVX-512 build is compiled for (Skylake-SP's set). */
    public static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final String AVX512_LIBRARY =
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/libnd4jcpu.so";
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private CpuBackendVariant() {
    }

    /**
     * Sets {@value #EXTENSION_PROPERTY} for this machine unless it is already set (a user's explicit choice wins).
     * Idempotent.
     *
     * @return the extension in effect afterwards, empty when JavaCPP's default order applies
     */
    public static synchronized Optional<String> selectForThisMachine() {
        String explicit = System.getProperty(EXTENSION_PROPERTY);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        ClassLoader loader = CpuBackendVariant.class.getClassLoader();
        Optional<String> chosen = choose(cpuFlags(CPU_INFO), path -> loader.getResource(path) != null);
        chosen.ifPresent(ext -> System.setProperty(EXTENSION_PROPERTY, ext));
        return chosen;
    }

    /**
     * The extension to select for a CPU with {@code cpuFlags}, given which native libraries are bundled: the AVX-512
     * build when every flag of {@link #AVX512_FLAGS} is present and that build is on the class path, else none.
     */
    public static Optional<String> choose(Set<String> cpuFlags, Predicate<String> bundled) {
        return cpuFlags.containsAll(AVX512_FLAGS) && bundled.test(AVX512_LIBRARY)
                ? Optional.of(AVX512_EXTENSION)
                : Optional.empty();
    }

    /** The feature flags of the first processor listed in a Linux {@code /proc/cpuinfo}; empty when unreadable. */
    public static Set<String> cpuFlags(Path cpuInfo) {
        if (!Files.isReadable(cpuInfo)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(cpuInfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toUnmodifiableSet()))
                    .orElse(Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU flags from " + cpuInfo, e);
        }
    }
}
