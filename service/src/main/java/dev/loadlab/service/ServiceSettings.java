package dev.loadlab.service;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/**
 * Every tunable of the service, read once from {@link Config} and validated.
 *
 * @param defaultMode         mode behind the mode-less demo URLs ({@code service.default-mode})
 * @param timeZone            zone sun times are converted to ({@code sun.time-zone})
 * @param blockingPoolSize    platform threads of the blocking mode ({@code blocking.pool-size})
 * @param blockingQueueSize   requests waiting for a blocking thread ({@code blocking.queue-size})
 * @param asyncMaxInFlight    concurrent async requests before 503 ({@code async.max-in-flight})
 * @param virtualMaxInFlight  concurrent virtual requests before 503 ({@code virtual.max-in-flight})
 * @param connectionCacheSize idle connections kept per upstream host ({@code webclient.connection-cache-size})
 * @param upstreams           per upstream API: base URL and timeouts ({@code upstreams.<api>.*})
 * @param degradation         proof-only slowdowns for the lab's CI gate ({@code degrade.*}, off by default)
 * @param closeShedConnections a shed request's 503 also closes its connection ({@code overload.close-connection})
 * @param platformIoPollers   socket readiness is polled by platform threads, not virtual ones
 *                            ({@code service.io-pollers}: {@code platform} or {@code virtual})
 * @param eventLoop           the eventloop mode's non-blocking client and its limits ({@code eventloop.*})
 */
public record ServiceSettings(Mode defaultMode,
                              ZoneId timeZone,
                              int blockingPoolSize,
                              int blockingQueueSize,
                              int asyncMaxInFlight,
                              int virtualMaxInFlight,
                              int connectionCacheSize,
                              Map<Upstream, UpstreamSettings> upstreams,
                              Degradation degradation,
                              boolean closeShedConnections,
                              boolean platformIoPollers,
                              EventLoopSettings eventLoop,
                              ManagementSettings management) {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final String DURATION_ALLOWED = "an ISO-8601 duration like PT5S or <n>ms|s|m like 500ms, > 0";

    /**
     * Where and how to call one upstream API.
     *
     * @param baseUrl        base URL, e.g. {@code http://127.0.0.1:8081/location}
     * @param connectTimeout TCP connect timeout
     * @param readTimeout    read timeout for the response
     */
    public record UpstreamSettings(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
    }

    /**
     * The non-blocking HTTP client candidates of the eventloop mode ({@code eventloop.client}).
     */
    public enum EventLoopClient {
        /** Vert.x Web Client on Vert.x's own Netty event loops. */
        VERTX,
        /** The JDK's {@code java.net.http.HttpClient.sendAsync}, its exchanges on a small fixed pool. */
        JDK
    }

    /**
     * How the eventloop mode reaches its upstreams.
     *
     * @param client         which non-blocking client ({@code eventloop.client}: {@code vertx} or {@code jdk})
     * @param threads        Vert.x event loops (vertx) or the JDK client's executor threads (jdk) ({@code eventloop.threads})
     * @param maxConnections connections per upstream API before calls wait for one (vertx only; the JDK client
     *                       has no such limit) ({@code eventloop.max-connections})
     * @param maxInFlight    concurrent eventloop requests before 503 ({@code eventloop.max-in-flight})
     */
    public record EventLoopSettings(EventLoopClient client, int threads, int maxConnections, int maxInFlight) {
    }

    /**
     * Liveness answered by a platform thread on a port of its own, so a retry storm on the API's carriers cannot
     * delay it ({@link ManagementServer}).
     *
     * @param port       {@code management.port}: -1 = off, 0 = any free port (printed at start-up)
     * @param stallLimit {@code management.stall-limit}: health turns DOWN when no virtual thread got a carrier for
     *                   this long
     */
    public record ManagementSettings(int port, Duration stallLimit) {
        public boolean enabled() {
            return port >= 0;
        }
    }

    /**
     * Read and validate all settings.
     *
     * @param config root configuration
     * @return settings
     * @throws InvalidConfigException naming the first bad key and its allowed values
     */
    public static ServiceSettings from(Config config) {
        Map<Upstream, UpstreamSettings> upstreams = new EnumMap<>(Upstream.class);
        for (Upstream upstream : Upstream.values()) {
            String prefix = "upstreams." + upstream.label() + ".";
            upstreams.put(upstream, new UpstreamSettings(
                    url(config, prefix + "base-url"),
                    duration(config, prefix + "connect-timeout", "1s"),
                    duration(config, prefix + "read-timeout", "5s")));
        }
        return new ServiceSettings(
                mode(config, "service.default-mode", "async"),
                zone(config, "sun.time-zone", "America/Los_Angeles"),
                integer(config, "blocking.pool-size", 64, 1),
                integer(config, "blocking.queue-size", 1024, 0),
                integer(config, "async.max-in-flight", 10_000, 1),
                integer(config, "virtual.max-in-flight", 10_000, 1),
                integer(config, "webclient.connection-cache-size", 1024, 0),
                Map.copyOf(upstreams),
                new Degradation(Duration.ofMillis(integer(config, "degrade.extra-latency-ms", 0, 0)),
                                Duration.ofNanos(1000L * integer(config, "degrade.cpu-burn-us", 0, 0)),
                                either(config, "degrade.pinning", "false", "true", "false")),
                either(config, "overload.close-connection", "false", "true", "false"),
                either(config, "service.io-pollers", "platform", "platform", "virtual"),
                new EventLoopSettings(either(config, "eventloop.client", "vertx", "vertx", "jdk")
                                              ? EventLoopClient.VERTX : EventLoopClient.JDK,
                                      integer(config, "eventloop.threads", 1, 1),
                                      integer(config, "eventloop.max-connections", 1024, 1),
                                      integer(config, "eventloop.max-in-flight", 10_000, 1)),
                new ManagementSettings(port(config, "management.port", -1),
                                       duration(config, "management.stall-limit", "10s")));
    }

    /**
     * Parse a duration the way every duration in the project is written.
     *
     * @param text ISO-8601 ({@code PT5S}) or {@code <n>ms|s|m} ({@code 500ms})
     * @return the duration, or empty if the text is neither
     */
    public static Optional<Duration> parseDuration(String text) {
        String trimmed = text.trim();
        Matcher m = SHORT_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            });
        }
        try {
            return Optional.of(Duration.parse(trimmed.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(Config config, String key, String defaultValue) {
        return config.get(key).asString().orElse(defaultValue);
    }

    private static int integer(Config config, String key, int defaultValue, int min) {
        String value = text(config, key, Integer.toString(defaultValue));
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, value, "an integer >= " + min);
    }

    private static int port(Config config, String key, int defaultValue) {
        int port = integer(config, key, defaultValue, -1);
        if (port > 65_535) {
            throw new InvalidConfigException(key, Integer.toString(port), "-1 (off), 0 (any free port) or a port up to 65535");
        }
        return port;
    }

    /** A key with two allowed words: true for the first, false for the second. */
    private static boolean either(Config config, String key, String defaultValue, String yes, String no) {
        String value = text(config, key, defaultValue).trim();
        if (value.equalsIgnoreCase(yes) || value.equalsIgnoreCase(no)) {
            return value.equalsIgnoreCase(yes);
        }
        throw new InvalidConfigException(key, value, yes + " or " + no);
    }

    private static Duration duration(Config config, String key, String defaultValue) {
        String value = text(config, key, defaultValue);
        return parseDuration(value)
                .filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new InvalidConfigException(key, value, DURATION_ALLOWED));
    }

    private static Mode mode(Config config, String key, String defaultValue) {
        String value = text(config, key, defaultValue);
        return Mode.parse(value.trim()).orElseThrow(() -> new InvalidConfigException(key, value, Mode.ALLOWED));
    }

    private static ZoneId zone(Config config, String key, String defaultValue) {
        String value = text(config, key, defaultValue);
        try {
            return ZoneId.of(value.trim());
        } catch (RuntimeException e) {
            throw new InvalidConfigException(key, value, "a zone id like America/Los_Angeles or UTC");
        }
    }

    private static URI url(Config config, String key) {
        String value = config.get(key).asString()
                .orElseThrow(() -> new InvalidConfigException(key, "<missing>", "an http(s):// URL"));
        try {
            URI uri = new URI(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null && uri.getQuery() == null) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path.replaceAll("/+$", ""));
            }
        } catch (Exception ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, value, "an http(s):// URL with a host and no query, e.g. http://127.0.0.1:8081/location");
    }
}
