package dev.loadlab.service;

/**
 * An upstream call that did not produce a usable answer.
 */
public final class UpstreamException extends RuntimeException {
    /**
     * What went wrong, which decides the status the client sees.
     */
    public enum Kind {
        /** Upstream answered 404: the place is unknown (404). */
        NOT_FOUND,
        /** Upstream answered another non-2xx status (502). */
        BAD_STATUS,
        /** Upstream body could not be parsed or lacks fields (502). */
        MALFORMED,
        /** Connection refused, reset or closed early (502). */
        UNREACHABLE,
        /** Connect or read timeout (504). */
        TIMEOUT
    }

    private final Upstream upstream;
    private final Kind kind;

    UpstreamException(Upstream upstream, Kind kind, String message, Throwable cause) {
        super(upstream.label() + " upstream: " + message, cause);
        this.upstream = upstream;
        this.kind = kind;
    }

    /**
     * Which upstream failed.
     *
     * @return upstream
     */
    public Upstream upstream() {
        return upstream;
    }

    /**
     * Failure category.
     *
     * @return kind
     */
    public Kind kind() {
        return kind;
    }
}
