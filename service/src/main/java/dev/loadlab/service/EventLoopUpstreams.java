package dev.loadlab.service;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real upstreams, non-blocking: each API's {@link UpstreamContract} over a {@link NonBlockingHttp} client, each
 * call timed. A call's future completes on the client's completion thread (Vert.x: its event loop), which also
 * parses the small JSON body (microseconds of work, no blocking) so that the answer is ready without a hand-off to
 * another thread. Statuses
 * and failures are read by {@link UpstreamResponses}, as the blocking clients read them.
 */
public final class EventLoopUpstreams implements NonBlockingUpstreams {
    private final NonBlockingHttp http;
    private final Map<Upstream, ServiceSettings.UpstreamSettings> upstreams;
    private final Map<Upstream, UpstreamResponses> responses = new EnumMap<>(Upstream.class);
    private final ServiceMetrics metrics;

    EventLoopUpstreams(NonBlockingHttp http, Map<Upstream, ServiceSettings.UpstreamSettings> upstreams, ServiceMetrics metrics) {
        this.http = http;
        this.upstreams = upstreams;
        this.metrics = metrics;
        for (Upstream upstream : Upstream.values()) {
            responses.put(upstream, new UpstreamResponses(upstream));
        }
    }

    /**
     * Build the client {@code eventloop.client} names from settings.
     *
     * @param settings service settings
     * @param metrics  where call timings go
     * @return upstreams; close them when the server has stopped
     */
    public static EventLoopUpstreams create(ServiceSettings settings, ServiceMetrics metrics) {
        NonBlockingHttp http = switch (settings.eventLoop().client()) {
            case VERTX -> VertxHttp.create(settings.upstreams(), settings.eventLoop());
            case JDK -> JdkHttp.create(settings.upstreams(), settings.eventLoop());
        };
        return new EventLoopUpstreams(http, settings.upstreams(), metrics);
    }

    @Override
    public CompletableFuture<Location> location(Query query) {
        return call(UpstreamContract.LOCATION, query);
    }

    @Override
    public CompletableFuture<SunTimes> sun(Location location) {
        return call(UpstreamContract.SUN, location);
    }

    @Override
    public CompletableFuture<Weather> weather(Query query) {
        return call(UpstreamContract.WEATHER, query);
    }

    @Override
    public void close() {
        http.close();
    }

    private <I, T> CompletableFuture<T> call(UpstreamContract<I, T> contract, I input) {
        Upstream upstream = contract.upstream();
        ServiceSettings.UpstreamSettings api = upstreams.get(upstream);
        UpstreamResponses answers = responses.get(upstream);
        URI uri = URI.create(api.baseUrl() + contract.pathAndQuery(input));
        return metrics.timeUpstreamCallAsync(upstream, () -> send(upstream, uri).handle((response, failure) -> {
            if (failure != null) {
                throw answers.failure(failure, api.readTimeout());
            }
            return contract.parse(input, answers.json(uri.getRawPath(), response.status(), response.body()));
        }));
    }

    /** A client that refuses a call at once (closed, bad URI) fails its future like any other failure. */
    private CompletableFuture<NonBlockingHttp.Response> send(Upstream upstream, URI uri) {
        try {
            return http.get(upstream, uri);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
