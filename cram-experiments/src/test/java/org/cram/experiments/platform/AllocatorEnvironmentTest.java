package org.cram.experiments.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorEnvironmentTest {
    private static final Map<String, String> TUNED = Map.of("MALLOC_ARENA_MAX", "1", "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", "17179869184", "PATH", "/usr/bin", "HOME", "/root");

    @Test
    void onlyAllocatorVariablesAreKeptAndTheyAreDescribedInNameOrder() {
        AllocatorEnvironment a = AllocatorEnvironment.of(TUNED);
        assertThat(a.settings()).containsOnlyKeys("MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_");
        assertThat(a.describe()).isEqualTo(
                "glibc malloc: MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=17179869184");
        assertThat(a.keepsFreedMemory()).isTrue();
        assertThat(a.slowAllocatorWarning()).isEmpty();
    }

    @Test
    void defaultsAreNamedAndWarnedAbout() {
        AllocatorEnvironment a = AllocatorEnvironment.of(Map.of("PATH", "/usr/bin"));
        assertThat(a.describe()).contains("defaults");
        assertThat(a.keepsFreedMemory()).isFalse();
        assertThat(a.slowAllocatorWarning()).hasValueSatisfying(w -> assertThat(w).contains("./cram")
                .contains("defaults"));
    }

    @Test
    void bothSettingsAreNeeded() {
        assertThat(AllocatorEnvironment.of(Map.of("MALLOC_MMAP_MAX_", "0")).keepsFreedMemory()).isFalse();
        assertThat(AllocatorEnvironment.of(Map.of("MALLOC_TRIM_THRESHOLD_", "17179869184")).keepsFreedMemory())
                .isFalse();
        assertThat(AllocatorEnvironment.of(Map.of("MALLOC_MMAP_MAX_", "0", "MALLOC_TRIM_THRESHOLD_", "131072"))
                .keepsFreedMemory()).as("glibc's default trim threshold returns freed memory").isFalse();
        assertThat(AllocatorEnvironment.of(Map.of("MALLOC_MMAP_MAX_", "0", "MALLOC_TRIM_THRESHOLD_", "lots"))
                .keepsFreedMemory()).isFalse();
        assertThat(AllocatorEnvironment.of(Map.of("MALLOC_MMAP_MAX_", "65536", "MALLOC_TRIM_THRESHOLD_",
                "17179869184")).keepsFreedMemory()).isFalse();
    }

    @Test
    void glibcTunablesCountToo() {
        AllocatorEnvironment a = AllocatorEnvironment.of(Map.of("GLIBC_TUNABLES",
                "glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4294967296"));
        assertThat(a.keepsFreedMemory()).isTrue();
        assertThat(AllocatorEnvironment.of(Map.of("GLIBC_TUNABLES", "glibc.malloc.mmap_max=0")).keepsFreedMemory())
                .isFalse();
    }

    @Test
    void withoutSettingsRemovesEveryAllocatorVariableAndNothingElse() {
        Map<String, String> env = new java.util.HashMap<>(TUNED);
        env.put("GLIBC_TUNABLES", "glibc.malloc.mmap_max=0");
        Map<String, String> stripped = AllocatorEnvironment.withoutSettings(env);
        assertThat(stripped).containsOnlyKeys("PATH", "HOME");
        assertThat(AllocatorEnvironment.of(stripped).settings()).isEmpty();
        assertThat(env).hasSize(6);
    }
}
