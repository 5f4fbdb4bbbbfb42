package dev.loadlab.service;

import java.util.concurrent.CompletableFuture;

/**
 * The three upstream calls of {@link Upstreams}, non-blocking: each returns at once, and its future completes on one
 * of the HTTP client's few completion threads (Vert.x: its event loop) when the answer has arrived. No thread waits
 * for a call. The eventloop mode makes
 * exactly the calls the other modes make, through the same {@link UpstreamContract}s.
 */
public interface NonBlockingUpstreams extends AutoCloseable {
    /**
     * Location API.
     *
     * @param query zip and country
     * @return place and coordinates, or an {@link UpstreamException}
     */
    CompletableFuture<Location> location(Query query);

    /**
     * Sun API; depends on the location.
     *
     * @param location coordinates
     * @return today's sun times, UTC, or an {@link UpstreamException}
     */
    CompletableFuture<SunTimes> sun(Location location);

    /**
     * Weather API; independent of the other two.
     *
     * @param query zip and country
     * @return current weather, or an {@link UpstreamException}
     */
    CompletableFuture<Weather> weather(Query query);

    /** Close the client and its threads; calls still running finish or time out first. */
    @Override
    void close();
}
