package dev.loadlab.stubs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The three fake upstream APIs served by one WireMock server, each under its own path prefix.
 */
public enum Api {
    LOCATION(Seeds.LOCATION),
    SUN(Seeds.SUN),
    /**
     * No weather latencies were measured; the sun list stands in for it: both are small JSON
     * lookups on a public API reached over the same path, so the sun samples are the closest
     * measured neighbour.
     */
    WEATHER(Seeds.SUN);

    private final List<Double> seedSeconds;
    private final List<Double> seedMs;

    Api(List<Double> seedSeconds) {
        this.seedSeconds = List.copyOf(seedSeconds);
        this.seedMs = List.copyOf(seedSeconds.stream().map(seconds -> seconds * 1000.0).toList());
    }

    /** Lower-case name used in URLs, CLI options and JSON keys: {@code location}, {@code sun}, {@code weather}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Path prefix on the stub server, e.g. {@code /location}. */
    public String pathPrefix() {
        return "/" + key();
    }

    /** Latencies (seconds) measured against the real API; the {@code seed} profile samples from them. */
    public List<Double> seedSeconds() {
        return seedSeconds;
    }

    /** The same latencies in milliseconds. */
    List<Double> seedMs() {
        return seedMs;
    }

    /** Parses {@code location|sun|weather} (case-insensitive). */
    public static Api fromKey(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("unknown API '" + key
                                                                                + "': use location, sun or weather"));
    }

    /** The API of this key (case-insensitive), if it is one: names that are not may be mapped upstreams. */
    static Optional<Api> find(String key) {
        for (Api api : values()) {
            if (api.key().equalsIgnoreCase(key)) {
                return Optional.of(api);
            }
        }
        return Optional.empty();
    }

    /** Latencies (seconds) measured against the real APIs. */
    private static final class Seeds {
        static final List<Double> LOCATION = List.of(0.28844, 0.334694, 0.33468, 0.343911, 0.339515, 0.344329,
                0.341594, 0.352366, 0.535646, 0.527148, 0.533472, 0.53351, 0.523462);
        static final List<Double> SUN = List.of(0.399203, 0.7046, 0.422959, 0.741911, 0.404674);

        private Seeds() {
        }
    }
}
