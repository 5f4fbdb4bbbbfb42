package dev.loadlab.service;

/**
 * Configuration that cannot be used; the message names the key and the allowed values.
 */
public final class InvalidConfigException extends RuntimeException {
    InvalidConfigException(String key, String value, String allowed) {
        super("invalid configuration " + key + "=" + value + " (allowed: " + allowed + ")");
    }
}
