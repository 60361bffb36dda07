package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressorRegistryTest {

    /** A second provider claiming the built-in name, to provoke a duplicate. */
    public static final class Impostor implements CompressorProvider {
        @Override
        public String name() {
            return GlobalMagnitudePruning.NAME;
        }

        @Override
        public String description() {
            return "impostor";
        }

        @Override
        public Compressor create(CompressorOptions options) {
            return new GlobalMagnitudePruning();
        }
    }

    @Test
    void findsTheBuiltInProviderByName() {
        CompressorRegistry registry = CompressorRegistry.standard();
        assertThat(registry.names()).contains("global-magnitude");
        assertThat(registry.create("global-magnitude", CompressorOptions.empty()))
                .isInstanceOf(GlobalMagnitudePruning.class);
    }

    @Test
    void listsEveryBuiltInProviderSortedAndFindsEachByName() {
        CompressorRegistry registry = CompressorRegistry.standard();
        assertThat(registry.names()).containsExactly("erk-magnitude", "global-magnitude", "layer-map-magnitude",
                "magnitude-quantization", "n-of-m", "quantize", "random", "uniform-magnitude");
        for (String name : registry.names()) {
            CompressorProvider p = registry.provider(name);
            assertThat(p.name()).isEqualTo(name);
            assertThat(p.description()).isNotBlank();
            if (!name.equals("layer-map-magnitude")) { // the only one with a required option
                assertThat(p.create(CompressorOptions.empty()).name()).isEqualTo(name);
            }
        }
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        assertThatThrownBy(() -> CompressorRegistry.standard().provider("magic"))
                .hasMessageContaining("unknown compressor 'magic'").hasMessageContaining("global-magnitude");
    }

    @Test
    void unknownOptionIsRejectedNamingIt() {
        assertThatThrownBy(() -> CompressorRegistry.standard().create("global-magnitude",
                CompressorOptions.of(Map.of("sparsty", 0.5))))
                .hasMessageContaining("sparsty");
    }

    @Test
    void duplicateNamesAreRejectedNamingBothClasses(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(CompressorProvider.class.getName()), Impostor.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                CompressorRegistryTest.class.getClassLoader())) {
            CompressorRegistry registry = new CompressorRegistry(loader);
            assertThatThrownBy(registry::names)
                    .hasMessageContaining("global-magnitude")
                    .hasMessageContaining(GlobalMagnitudeProvider.class.getName())
                    .hasMessageContaining(Impostor.class.getName());
        }
    }
}
