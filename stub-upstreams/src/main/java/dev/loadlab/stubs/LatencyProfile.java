package dev.loadlab.stubs;

import java.util.Locale;

/** How the per-request delay of each API is chosen. */
public enum LatencyProfile {
    /** Every response waits exactly the API's latency. */
    FIXED,
    /** Uniformly random pick from the API's measured latencies ({@link Api#seedSeconds()}). */
    SEED,
    /** WireMock's log-normal delay: median = the API's latency, shape = sigma. */
    LOGNORMAL,
    /** WireMock's uniform delay: the API's latency plus or minus the spread. */
    UNIFORM;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LatencyProfile fromKey(String key) {
        for (LatencyProfile p : values()) {
            if (p.key().equalsIgnoreCase(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown latency profile '" + key + "': use fixed, seed, lognormal or uniform");
    }
}
