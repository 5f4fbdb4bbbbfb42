package dev.loadlab.stubs;

import java.util.Locale;

/** Kinds of injected failure; each API has its own share (0..1) of each. */
public enum FaultKind {
    /** HTTP 500 with a small JSON error body, after the normal latency. */
    HTTP500,
    /** HTTP 503 with a small JSON error body, after the normal latency. */
    HTTP503,
    /** The connection is reset (TCP RST) instead of a response, after the normal latency. */
    RESET,
    /** HTTP 200 whose body is the normal body cut in half plus garbage: not parseable JSON. */
    MALFORMED,
    /** The normal response, delayed by {@code slowMs} instead of the profile's latency. */
    SLOW;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FaultKind fromKey(String key) {
        for (FaultKind k : values()) {
            if (k.key().equalsIgnoreCase(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + key + "': use http500, http503, reset, malformed or slow");
    }
}
