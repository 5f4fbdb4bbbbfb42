package dev.loadlab.service;

/**
 * A path under {@code /api} that names no mode or endpoint; answered with 404.
 */
final class UnknownRouteException extends RuntimeException {
    UnknownRouteException(String message) {
        super(message, null, false, false);
    }
}
