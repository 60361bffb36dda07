package org.cram.experiments.config;

/** A config that cannot run: the message names the key, the bad value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    static ConfigException at(String path, String problem) {
        return new ConfigException("config error at '" + path + "': " + problem);
    }
}
