package dev.loadlab.stubs;

/**
 * A mapped upstream's WireMock mapping files cannot be served (none, unreadable, or not valid WireMock JSON); the
 * message is one line that names the upstream, the file and the fix. The process exits with code 2 on it.
 */
public final class MappingsException extends IllegalArgumentException {
    MappingsException(String message) {
        super(message);
    }
}
