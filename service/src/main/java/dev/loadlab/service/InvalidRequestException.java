package dev.loadlab.service;

/**
 * The client sent a zip or country that cannot be valid; answered with 400.
 */
public final class InvalidRequestException extends RuntimeException {
    InvalidRequestException(String message) {
        super(message);
    }
}
