package org.cram.compress;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * The compressors available on a class path, found with {@link ServiceLoader} on first use (not at construction,
 * never in a static initializer), ordered by name, with duplicate names rejected naming both classes.
 */
public final class CompressorRegistry {
    private final ClassLoader classLoader;
    private volatile Map<String, CompressorProvider> providers;

    /** A registry over the given class loader (e.g. one that adds a plug-in jar). */
    public CompressorRegistry(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** A registry over this class's own class loader. */
    public static CompressorRegistry standard() {
        return new CompressorRegistry(CompressorRegistry.class.getClassLoader());
    }

    /** Name to provider, sorted by name. */
    public Map<String, CompressorProvider> providers() {
        Map<String, CompressorProvider> loaded = providers;
        if (loaded == null) {
            synchronized (this) {
                if (providers == null) {
                    providers = load();
                }
                loaded = providers;
            }
        }
        return loaded;
    }

    private Map<String, CompressorProvider> load() {
        Map<String, CompressorProvider> byName = new TreeMap<>();
        for (CompressorProvider p : ServiceLoader.load(CompressorProvider.class, classLoader)) {
            CompressorProvider previous = byName.put(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two compressor providers are named '" + p.name() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    public List<String> names() {
        return List.copyOf(providers().keySet());
    }

    /** The provider with this name; an unknown name is an error listing the known ones. */
    public CompressorProvider provider(String name) {
        CompressorProvider p = providers().get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown compressor '" + name + "'; available: " + names());
        }
        return p;
    }

    /** A compressor by name with the given options. */
    public Compressor create(String name, CompressorOptions options) {
        return provider(name).create(options);
    }
}
