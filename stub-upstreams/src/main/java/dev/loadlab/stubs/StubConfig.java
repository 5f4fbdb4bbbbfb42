package dev.loadlab.stubs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable configuration of the stub upstreams. Server settings ({@code host .. acceptQueueSize} and
 * {@code mappedUpstreams}) are fixed at start; the behaviour of the built-in APIs ({@code profile .. faults}) and the
 * mapped upstreams' faults and latency ({@code mappedFaults}, {@code mappedLatencyMs}) can be changed while running,
 * through {@link StubUpstreams#update(StubConfig)} or the admin route {@code {admin}/loadlab/config}.
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
 * @param mappedFaults     per mapped upstream (by name): the fault shares in force; default its own
 *                         ({@link MappedUpstream#faultShares()})
 * @param mappedLatencyMs  per mapped upstream (by name): a fixed latency (ms) set while running, e.g. a spike; it
 *                         replaces the upstream's own profile and its mappings' own delays; none = its own
 */
public record StubConfig(String host, int port, int asyncThreads, int containerThreads, int acceptQueueSize,
                         LatencyProfile profile, Map<Api, Integer> latencyMs, double sigma, int spreadMs, int slowMs,
                         Map<Api, Faults> faults, List<MappedUpstream> mappedUpstreams, Map<String, Faults> mappedFaults,
                         Map<String, Integer> mappedLatencyMs) {
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
        for (String name : mappedFaults.keySet()) {
            mapped(name, mappedUpstreams);
        }
        Map<String, Faults> mappedFaultCopy = new HashMap<>();
        for (MappedUpstream upstream : mappedUpstreams) {
            mappedFaultCopy.put(upstream.name(), Objects.requireNonNullElseGet(mappedFaults.get(upstream.name()),
                                                                               upstream::faultShares));
        }
        mappedFaults = Map.copyOf(mappedFaultCopy);
        for (Map.Entry<String, Integer> e : mappedLatencyMs.entrySet()) {
            mapped(e.getKey(), mappedUpstreams);
            check(e.getValue() >= 0 && e.getValue() <= MAX_DELAY_MS,
                  e.getKey() + " latency " + e.getValue() + " ms is out of range: use 0 to " + MAX_DELAY_MS);
        }
        mappedLatencyMs = Map.copyOf(mappedLatencyMs);
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
     * Fault shares in force of one upstream by name: a built-in API's key or a mapped upstream's name.
     *
     * @throws IllegalArgumentException naming the upstreams there are
     */
    public Faults faults(String upstream) {
        Optional<Api> api = Api.find(upstream);
        if (api.isPresent()) {
            return faults(api.get());
        }
        return mappedFaults.get(mapped(upstream, mappedUpstreams).name());
    }

    /** Every upstream's name as the admin route takes it: the built-in APIs' keys, then the mapped upstreams'. */
    public List<String> upstreamNames() {
        return upstreamNames(mappedUpstreams);
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

    /**
     * How one mapped upstream delays a response now: the latency set while running ({@code mappedLatencyMs}), else
     * its own profile; {@code null} = each mapping's own delay. The one place that decides it.
     */
    Delay delay(MappedUpstream upstream) {
        Integer ms = mappedLatencyMs.get(upstream.name());
        if (ms != null) {
            return new Delay.Fixed(ms);
        }
        return upstream.latency() == null ? null : upstream.latency().delay();
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

    /** The mapped upstream of this name; fails naming every upstream (the admin route answers that with a 400). */
    private static MappedUpstream mapped(String name, List<MappedUpstream> mappedUpstreams) {
        for (MappedUpstream upstream : mappedUpstreams) {
            if (upstream.name().equals(name)) {
                return upstream;
            }
        }
        throw new IllegalArgumentException("unknown upstream '" + name + "': use one of " + upstreamNames(mappedUpstreams));
    }

    private static List<String> upstreamNames(List<MappedUpstream> mappedUpstreams) {
        List<String> names = new ArrayList<>();
        for (Api api : Api.values()) {
            names.add(api.key());
        }
        mappedUpstreams.forEach(upstream -> names.add(upstream.name()));
        return List.copyOf(names);
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
        private final Map<String, Faults> mappedFaults = new HashMap<>();
        private final Map<String, Integer> mappedLatencyMs = new HashMap<>();

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
            mappedFaults.putAll(c.mappedFaults);
            mappedLatencyMs.putAll(c.mappedLatencyMs);
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

        /** Same latency for every built-in API (mapped upstreams keep theirs: see {@link #latencyMsEverywhere}). */
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

        /**
         * Same fixed latency for every upstream, the built-in APIs and the mapped upstreams given so far (a latency
         * spike: what {@code {"latencyMs":N}} posts to the admin route).
         */
        public Builder latencyMsEverywhere(int ms) {
            latencyMs(ms);
            mappedUpstreams.forEach(upstream -> mappedLatencyMs.put(upstream.name(), ms));
            return this;
        }

        /**
         * One upstream's latency by name: a built-in API's key, or a mapped upstream's name (a fixed latency replacing
         * its own profile and its mappings' delays; {@code null} = back to its own).
         */
        public Builder latencyMs(String upstream, Integer ms) {
            Optional<Api> api = Api.find(upstream);
            if (api.isPresent()) {
                check(ms != null, api.get().key() + " latency must be a number of ms: only a mapped upstream has a"
                        + " latency of its own to go back to");
                return latencyMs(api.get(), ms);
            }
            String name = mapped(upstream, mappedUpstreams).name();
            if (ms == null) {
                mappedLatencyMs.remove(name);
            } else {
                mappedLatencyMs.put(name, ms);
            }
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

        /**
         * Sets one fault share of one upstream by name (a built-in API's key or a mapped upstream's name), keeping its
         * other shares in force (at first a mapped upstream's own).
         */
        public Builder fault(String upstream, FaultKind kind, double share) {
            Optional<Api> api = Api.find(upstream);
            if (api.isPresent()) {
                return fault(api.get(), kind, share);
            }
            MappedUpstream mapped = mapped(upstream, mappedUpstreams);
            Faults inForce = mappedFaults.get(mapped.name());
            mappedFaults.put(mapped.name(), (inForce != null ? inForce : mapped.faultShares()).with(kind, share));
            return this;
        }

        /** Fails for a name that is neither a built-in API's key nor a mapped upstream's, naming those there are. */
        void checkUpstream(String upstream) {
            if (Api.find(upstream).isEmpty()) {
                mapped(upstream, mappedUpstreams);
            }
        }

        /** Turns all faults off: the built-in APIs' and those of the mapped upstreams given so far. */
        public Builder noFaults() {
            faults.clear();
            mappedUpstreams.forEach(upstream -> mappedFaults.put(upstream.name(), Faults.none()));
            return this;
        }

        /** Upstreams made of WireMock mapping files, served next to the built-in APIs. */
        public Builder mappedUpstreams(List<MappedUpstream> mappedUpstreams) {
            this.mappedUpstreams = mappedUpstreams;
            return this;
        }

        public StubConfig build() {
            return new StubConfig(host, port, asyncThreads, containerThreads, acceptQueueSize, profile, latencyMs,
                                  sigma, spreadMs, slowMs, faults, mappedUpstreams, mappedFaults, mappedLatencyMs);
        }
    }
}
