package dev.loadlab.stubs;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable configuration of the stub upstreams. Server settings ({@code host .. acceptQueueSize} and
 * {@code mappedUpstreams}) are fixed at start; the behaviour of the built-in APIs ({@code profile .. faults}) can be
 * changed while running, through {@link StubUpstreams#update(StubConfig)} or the admin route
 * {@code {admin}/loadlab/config}.
 *
 * @param host             bind address, default {@code 127.0.0.1}
 * @param port             TCP port, 0 = any free port (default)
 * @param asyncThreads     WireMock asynchronous response threads (send delayed responses), default 16
 * @param containerThreads Jetty worker threads, default 64
 * @param acceptQueueSize  listen backlog, default 1024
 * @param profile          latency profile, default {@link LatencyProfile#FIXED}
 * @param latencyMs        per API: fixed latency, log-normal median, uniform centre (ms), default 100 each
 * @param sigma            log-normal shape (sigma of the underlying normal), default 0.1
 * @param spreadMs         uniform profile: latency plus or minus this (ms), default 20
 * @param slowMs           delay of a {@link FaultKind#SLOW} response (ms), default 30000
 * @param faults           per API fault shares, default none
 * @param mappedUpstreams  upstreams made of WireMock mapping files, each on its own server; default none
 */
public record StubConfig(String host, int port, int asyncThreads, int containerThreads, int acceptQueueSize,
                         LatencyProfile profile, Map<Api, Integer> latencyMs, double sigma, int spreadMs, int slowMs,
                         Map<Api, Faults> faults, List<MappedUpstream> mappedUpstreams) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_LATENCY_MS = 100;
    public static final int DEFAULT_ASYNC_THREADS = 16;
    public static final int DEFAULT_CONTAINER_THREADS = 64;
    public static final int DEFAULT_ACCEPT_QUEUE_SIZE = 1024;
    public static final double DEFAULT_SIGMA = 0.1;
    public static final int DEFAULT_SPREAD_MS = 20;
    public static final int DEFAULT_SLOW_MS = 30_000;
    static final int MAX_DELAY_MS = 600_000;

    public StubConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(profile, "profile");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank: use an address such as 127.0.0.1");
        }
        check(port >= 0 && port <= 65_535, "port " + port + " is out of range: use 0 (any free port) to 65535");
        check(asyncThreads >= 1, "async threads " + asyncThreads + " must be at least 1");
        check(containerThreads >= 4, "container threads " + containerThreads + " must be at least 4");
        check(acceptQueueSize >= 1, "accept queue size " + acceptQueueSize + " must be at least 1");
        check(sigma > 0 && sigma <= 5, "sigma " + sigma + " is out of range: use a number above 0 and at most 5");
        check(spreadMs >= 0 && spreadMs <= MAX_DELAY_MS, "spread " + spreadMs + " ms is out of range: use 0 to " + MAX_DELAY_MS);
        check(slowMs >= 1 && slowMs <= MAX_DELAY_MS, "slow " + slowMs + " ms is out of range: use 1 to " + MAX_DELAY_MS);
        EnumMap<Api, Integer> latency = new EnumMap<>(Api.class);
        EnumMap<Api, Faults> faultCopy = new EnumMap<>(Api.class);
        for (Api api : Api.values()) {
            Integer ms = latencyMs.get(api);
            int value = ms == null ? DEFAULT_LATENCY_MS : ms;
            check(value >= 0 && value <= MAX_DELAY_MS,
                  api.key() + " latency " + value + " ms is out of range: use 0 to " + MAX_DELAY_MS);
            latency.put(api, value);
            faultCopy.put(api, Objects.requireNonNullElse(faults.get(api), Faults.none()));
        }
        latencyMs = Map.copyOf(latency);
        faults = Map.copyOf(faultCopy);
        mappedUpstreams = MappedUpstream.checkNames(mappedUpstreams);
    }

    /** All defaults: 127.0.0.1, free port, fixed 100 ms per API, no faults. */
    public static StubConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public int latencyMs(Api api) {
        return latencyMs.get(api);
    }

    public Faults faults(Api api) {
        return faults.get(api);
    }

    /**
     * Mean delay (ms) of a normal (fault-free) response of this API under the active profile; the lab's
     * Little's-law bound uses it. Faults, in particular slow ones, are not included.
     */
    public double meanLatencyMs(Api api) {
        return delay(api).meanMs();
    }

    /** How the active profile delays a normal response of this API. */
    Delay delay(Api api) {
        int latency = latencyMs(api);
        return switch (profile) {
            case FIXED -> new Delay.Fixed(latency);
            case SEED -> new Delay.Samples(api.seedMs());
            case LOGNORMAL -> new Delay.LogNormal(latency, sigma);
            case UNIFORM -> Delay.Uniform.around(latency, spreadMs);
        };
    }

    /** True if host, port, thread settings and mapped upstreams are the same (those cannot change at run time). */
    public boolean sameServerSettings(StubConfig other) {
        return host.equals(other.host) && port == other.port && asyncThreads == other.asyncThreads
                && containerThreads == other.containerThreads && acceptQueueSize == other.acceptQueueSize
                && mappedUpstreams.equals(other.mappedUpstreams);
    }

    /** JSON form served by {@code GET {admin}/loadlab/config}. */
    public String toJson() {
        return ConfigJson.write(this);
    }

    /**
     * This config with a (partial) JSON document applied on top, in the form {@code POST {admin}/loadlab/config}
     * takes; see the module README.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public StubConfig withJson(String json) {
        return ConfigJson.apply(this, json);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = 0;
        private int asyncThreads = DEFAULT_ASYNC_THREADS;
        private int containerThreads = DEFAULT_CONTAINER_THREADS;
        private int acceptQueueSize = DEFAULT_ACCEPT_QUEUE_SIZE;
        private LatencyProfile profile = LatencyProfile.FIXED;
        private final EnumMap<Api, Integer> latencyMs = new EnumMap<>(Api.class);
        private double sigma = DEFAULT_SIGMA;
        private int spreadMs = DEFAULT_SPREAD_MS;
        private int slowMs = DEFAULT_SLOW_MS;
        private final EnumMap<Api, Faults> faults = new EnumMap<>(Api.class);
        private List<MappedUpstream> mappedUpstreams = List.of();

        private Builder() {
            latencyMs(DEFAULT_LATENCY_MS);
        }

        private Builder(StubConfig c) {
            host = c.host;
            port = c.port;
            asyncThreads = c.asyncThreads;
            containerThreads = c.containerThreads;
            acceptQueueSize = c.acceptQueueSize;
            profile = c.profile;
            latencyMs.putAll(c.latencyMs);
            sigma = c.sigma;
            spreadMs = c.spreadMs;
            slowMs = c.slowMs;
            faults.putAll(c.faults);
            mappedUpstreams = c.mappedUpstreams;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder asyncThreads(int asyncThreads) {
            this.asyncThreads = asyncThreads;
            return this;
        }

        public Builder containerThreads(int containerThreads) {
            this.containerThreads = containerThreads;
            return this;
        }

        public Builder acceptQueueSize(int acceptQueueSize) {
            this.acceptQueueSize = acceptQueueSize;
            return this;
        }

        public Builder profile(LatencyProfile profile) {
            this.profile = profile;
            return this;
        }

        /** Same latency for every API. */
        public Builder latencyMs(int ms) {
            for (Api api : Api.values()) {
                latencyMs.put(api, ms);
            }
            return this;
        }

        public Builder latencyMs(Api api, int ms) {
            latencyMs.put(api, ms);
            return this;
        }

        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        public Builder spreadMs(int spreadMs) {
            this.spreadMs = spreadMs;
            return this;
        }

        public Builder slowMs(int slowMs) {
            this.slowMs = slowMs;
            return this;
        }

        public Builder faults(Api api, Faults faults) {
            this.faults.put(api, faults);
            return this;
        }

        /** Sets one fault share of one API, keeping its other shares. */
        public Builder fault(Api api, FaultKind kind, double share) {
            faults.put(api, faults.getOrDefault(api, Faults.none()).with(kind, share));
            return this;
        }

        /** Turns all faults off. */
        public Builder noFaults() {
            faults.clear();
            return this;
        }

        /** Upstreams made of WireMock mapping files, served next to the built-in APIs. */
        public Builder mappedUpstreams(List<MappedUpstream> mappedUpstreams) {
            this.mappedUpstreams = mappedUpstreams;
            return this;
        }

        public StubConfig build() {
            return new StubConfig(host, port, asyncThreads, containerThreads, acceptQueueSize, profile, latencyMs,
                                  sigma, spreadMs, slowMs, faults, mappedUpstreams);
        }
    }
}
