package dev.loadlab.service;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A non-blocking HTTP/1.1 GET to the upstream APIs, the part of the eventloop mode that differs between its two
 * client candidates ({@code eventloop.client}): {@link VertxHttp} and {@link JdkHttp}. Each upstream API has its own
 * connect and read timeout (from {@code upstreams.<api>.*}); what a response means is not decided here but in
 * {@link EventLoopUpstreams}, the same way for both.
 */
interface NonBlockingHttp extends AutoCloseable {
    /**
     * A complete response.
     *
     * @param status HTTP status
     * @param body   body bytes, empty if none
     */
    record Response(int status, byte[] body) {
    }

    /**
     * Send a GET; returns at once.
     *
     * @param upstream which API (its client, its timeouts)
     * @param uri      full URI, every value encoded
     * @return the response, completed on one of the client's few completion threads (never a thread per call); or
     *         the client's own
     *         failure (timeout, refused, reset, closed) for {@link UpstreamResponses#failure} to classify
     */
    CompletableFuture<Response> get(Upstream upstream, URI uri);

    /** Close the client; calls still running finish or time out first. */
    @Override
    void close();
}
