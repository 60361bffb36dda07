package org.cram.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.cram.api.compress.CompressorProvider;
import org.cram.compress.CompressorRegistry;

/**
 * Binds every compressor provider of a registry into a {@code Map<String, CompressorProvider>} by name. The
 * registry is discovered (ServiceLoader) before the module is built, so configuring it does no I/O.
 */
public final class CompressionModule extends AbstractModule {
    private final CompressorRegistry registry;

    public CompressionModule(CompressorRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        MapBinder<String, CompressorProvider> byName =
                MapBinder.newMapBinder(binder(), String.class, CompressorProvider.class);
        registry.providers().forEach((name, provider) -> byName.addBinding(name).toInstance(provider));
    }
}
