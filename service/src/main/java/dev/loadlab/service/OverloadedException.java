package dev.loadlab.service;

/**
 * A mode's concurrency bound is reached; answered at once with 503 and {@code Retry-After}.
 */
public final class OverloadedException extends RuntimeException {
    OverloadedException(String message) {
        super(message, null, false, false);
    }
}
