package org.cram.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class CpuBackendVariantTest {

    @Test
    void choosesTheAvx512BuildOnlyWithEveryFlagAndTheBuildBundled() {
        Set<String> all = new HashSet<>(CpuBackendVariant.AVX512_FLAGS);
        all.add("avx2");
        assertThat(CpuBackendVariant.choose(all, path -> true)).contains(CpuBackendVariant.AVX512_EXTENSION);
        assertThat(CpuBackendVariant.choose(all, path -> false)).isEmpty();
        for (String missing : CpuBackendVariant.AVX512_FLAGS) {
            Set<String> fewer = new HashSet<>(all);
            fewer.remove(missing);
            assertThat(CpuBackendVariant.choose(fewer, path -> true)).as("without %s", missing).isEmpty();
        }
        assertThat(CpuBackendVariant.choose(Set.of("avx2", "fma"), path -> true)).isEmpty();
    }

    @Test
    void readsTheFirstProcessorsFlags(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("cpuinfo");
        Files.write(info, List.of("processor\t: 0", "model name\t: AMD EPYC", "flags\t\t: fpu avx2 avx512f  avx512bw",
                "", "processor\t: 1", "flags\t\t: fpu sse"));
        assertThat(CpuBackendVariant.cpuFlags(info)).containsExactlyInAnyOrder("fpu", "avx2", "avx512f", "avx512bw");
        assertThat(CpuBackendVariant.cpuFlags(dir.resolve("absent"))).isEmpty();
    }

    /**
     * End to end: the test launcher ran the selection before any test loaded ND4J (NativeBackendForTests), so the
     * native library in this process is the one the selection picks for this machine.
     */
    @Test
    void theLoadedNativeLibraryIsTheSelectedBuild() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        Optional<String> forThisMachine = CpuBackendVariant.choose(
                CpuBackendVariant.cpuFlags(Path.of("/proc/cpuinfo")), path -> loader.getResource(path) != null);
        assertThat(Optional.ofNullable(System.getProperty(CpuBackendVariant.EXTENSION_PROPERTY)))
                .as("set by the launcher session listener before this test").isEqualTo(forThisMachine);
        Optional<String> selected = CpuBackendVariant.selectForThisMachine();
        assertThat(CpuBackendVariant.selectForThisMachine()).as("idempotent").isEqualTo(selected);
        Nd4j.create(1);
        List<String> loaded;
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            loaded = lines.filter(l -> l.endsWith("/libnd4jcpu.so")).map(l -> l.substring(l.indexOf('/')))
                    .distinct().toList();
        }
        assertThat(loaded).hasSize(1);
        if (selected.isPresent()) {
            assertThat(loaded.get(0)).endsWith("/linux-x86_64" + selected.get() + "/libnd4jcpu.so");
        } else {
            assertThat(loaded.get(0)).doesNotContain("avx512");
        }
    }
}
