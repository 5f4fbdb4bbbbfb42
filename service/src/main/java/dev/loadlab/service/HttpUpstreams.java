package dev.loadlab.service;

import java.util.function.Supplier;

import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;

/**
 * The real upstreams: one typed client per API over Helidon's WebClient, each call timed.
 */
public final class HttpUpstreams implements Upstreams {
    private final LocationClient locationClient;
    private final SunClient sunClient;
    private final WeatherClient weatherClient;
    private final ServiceMetrics metrics;

    HttpUpstreams(LocationClient locationClient, SunClient sunClient, WeatherClient weatherClient, ServiceMetrics metrics) {
        this.locationClient = locationClient;
        this.sunClient = sunClient;
        this.weatherClient = weatherClient;
        this.metrics = metrics;
    }

    /**
     * Build the clients from settings. Every mode shares these clients. Helidon's connect timeout is a
     * client-level socket option, so each API gets its own {@link WebClient} (same cache size and
     * keep-alive, its own timeouts); each keeps up to {@code webclient.connection-cache-size} idle
     * connections per host and, like every Helidon WebClient, opens extra unpooled connections beyond that.
     *
     * @param settings service settings
     * @param metrics  where call timings go
     * @return upstreams
     */
    public static HttpUpstreams create(ServiceSettings settings, ServiceMetrics metrics) {
        return new HttpUpstreams(new LocationClient(http(Upstream.LOCATION, settings)),
                                 new SunClient(http(Upstream.SUN, settings)),
                                 new WeatherClient(http(Upstream.WEATHER, settings)),
                                 metrics);
    }

    @Override
    public Location location(Query query) {
        return timed(Upstream.LOCATION, () -> locationClient.location(query));
    }

    @Override
    public SunTimes sun(Location location) {
        return timed(Upstream.SUN, () -> sunClient.sun(location));
    }

    @Override
    public Weather weather(Query query) {
        return timed(Upstream.WEATHER, () -> weatherClient.weather(query));
    }

    private <T> T timed(Upstream upstream, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            metrics.upstreamCall(upstream, outcome, System.nanoTime() - start);
        }
    }

    private static UpstreamHttp http(Upstream upstream, ServiceSettings settings) {
        return http(upstream, settings.upstreams().get(upstream), settings.connectionCacheSize());
    }

    /** The HTTP client of one upstream API, as the service configures it (tests build theirs here too). */
    static UpstreamHttp http(Upstream upstream, ServiceSettings.UpstreamSettings upstreamSettings, int connectionCacheSize) {
        WebClient client = WebClient.builder()
                .connectTimeout(upstreamSettings.connectTimeout())
                .readTimeout(upstreamSettings.readTimeout())
                .connectionCacheSize(connectionCacheSize)
                .shareConnectionCache(false)
                .followRedirects(false)
                .keepAlive(true)
                // upstreams are reached directly; without this every call asks the system proxy selector
                .proxy(Proxy.noProxy())
                // unbuffered: a request is written as one buffer anyway, and Helidon's write buffer copies each
                // write through a temporary array as large as its free space (4 KiB of garbage per call)
                .writeBufferSize(0)
                .build();
        return new UpstreamHttp(upstream, client, upstreamSettings, connectionCacheSize);
    }
}
