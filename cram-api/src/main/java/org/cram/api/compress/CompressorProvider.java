package org.cram.api.compress;

/**
 * The plug-in point for compressors (ServiceLoader SPI). A jar adds a compressor by implementing this interface
 * with a public no-argument constructor and naming the class in
 * {@code META-INF/services/org.cram.api.compress.CompressorProvider}. Providers must be cheap to construct and
 * must not touch files or the network; the work happens in {@link #create}.
 */
public interface CompressorProvider {

    /** Unique name that configs use to select this compressor, e.g. {@code "global-magnitude"}. */
    String name();

    /** One line for help texts. */
    String description();

    /**
     * A compressor configured by the given options.
     *
     * @throws IllegalArgumentException naming the option for an unknown key or a bad value
     */
    Compressor create(CompressorOptions options);
}
