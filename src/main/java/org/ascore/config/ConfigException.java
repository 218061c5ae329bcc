package org.ascore.config;

/** A configuration value is missing or invalid. The message always names the offending key. */
public final class ConfigException extends RuntimeException {
    private final String key;
    private final String reason;

    public ConfigException(String key, String reason) {
        this(key, reason, null);
    }

    public ConfigException(String key, String reason, Throwable cause) {
        super(key + ": " + reason, cause);
        this.key = key;
        this.reason = reason;
    }

    public String key() {
        return key;
    }

    /** The message without the key. */
    public String reason() {
        return reason;
    }
}
