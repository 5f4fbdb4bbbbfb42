package dev.loadlab.service;

import java.util.concurrent.CompletableFuture;

/**
 * Non-blocking composition: every upstream call returns a future at once ({@link NonBlockingUpstreams}) that
 * completes on the HTTP client's event-loop (completion) thread. The dependent call ({@code sun} needs the location)
 * is chained with {@code thenCompose}, so it is sent from that thread the moment the location arrives; independent
 * chains are joined with {@code thenCombine} ({@link ComposedSunApi}). No thread waits for an upstream call; only the request's own virtual thread
 * waits, for the final future (as in {@link AsyncSunApi}, whose calls each park a virtual thread instead).
 *
 * <p>Plain {@code thenCompose} (not {@code thenComposeAsync}): should the location have arrived before the stage is
 * attached, the sun call is sent from the request's own thread, which costs nothing here, as sending never blocks.
 */
public final class EventLoopSunApi extends ComposedSunApi {
    private final NonBlockingUpstreams upstreams;

    EventLoopSunApi(NonBlockingUpstreams upstreams, Reports reports) {
        super(reports);
        this.upstreams = upstreams;
    }

    @Override
    CompletableFuture<SunReport> sunChain(Query query) {
        return upstreams.location(query)
                .thenCompose(location -> upstreams.sun(location)
                        .thenApply(sun -> reports.sun(query, location, sun)));
    }

    @Override
    CompletableFuture<WeatherReport> weatherCall(Query query) {
        return upstreams.weather(query).thenApply(weather -> reports.weather(query, weather));
    }
}
