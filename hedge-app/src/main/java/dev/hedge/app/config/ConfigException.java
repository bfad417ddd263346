package dev.hedge.app.config;

/** A configuration that cannot be used; the message names the key (e.g. {@code models[0].name}) and the problem. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
