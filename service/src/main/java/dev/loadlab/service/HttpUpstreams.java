package dev.loadlab.service;

import java.util.EnumMap;
import java.util.Map;

import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;

/**
 * The real upstreams, blocking: each API's {@link UpstreamContract} over its own Helidon WebClient, each call timed.
 */
public final class HttpUpstreams implements Upstreams {
    private final Map<Upstream, UpstreamHttp> http;
    private final ServiceMetrics metrics;

    HttpUpstreams(Map<Upstream, UpstreamHttp> http, ServiceMetrics metrics) {
        this.http = http;
        this.metrics = metrics;
    }

    /**
     * Build the clients from settings. The blocking, virtual and async modes share these clients. Helidon's
     * connect timeout is a client-level socket option, so each API gets its own {@link WebClient} (same cache size
     * and keep-alive, its own timeouts); each keeps up to {@code webclient.connection-cache-size} idle
     * connections per host and, like every Helidon WebClient, opens extra unpooled connections beyond that.
     *
     * @param settings service settings
     * @param metrics  where call timings go
     * @return upstreams
     */
    public static HttpUpstreams create(ServiceSettings settings, ServiceMetrics metrics) {
        Map<Upstream, UpstreamHttp> http = new EnumMap<>(Upstream.class);
        for (Upstream upstream : Upstream.values()) {
            http.put(upstream, http(upstream, settings));
        }
        return new HttpUpstreams(http, metrics);
    }

    @Override
    public Location location(Query query) {
        return call(UpstreamContract.LOCATION, query);
    }

    @Override
    public SunTimes sun(Location location) {
        return call(UpstreamContract.SUN, location);
    }

    @Override
    public Weather weather(Query query) {
        return call(UpstreamContract.WEATHER, query);
    }

    private <I, T> T call(UpstreamContract<I, T> contract, I input) {
        UpstreamHttp api = http.get(contract.upstream());
        return metrics.timeUpstreamCall(contract.upstream(),
                                        () -> contract.parse(input, api.get(contract.pathAndQuery(input))));
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
