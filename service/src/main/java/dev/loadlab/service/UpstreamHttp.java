package dev.loadlab.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One blocking GET to one upstream API over Helidon's WebClient, answered as a JSON tree or an
 * {@link UpstreamException} that says what went wrong ({@link UpstreamResponses}, as every client does).
 */
final class UpstreamHttp {
    private final WebClient client;
    private final String baseUrl;
    private final Duration readTimeout;
    private final UpstreamConnections connections;
    private final ReadDeadlines deadlines;
    private final UpstreamResponses responses;

    UpstreamHttp(Upstream upstream, WebClient client, ServiceSettings.UpstreamSettings settings, int connectionCacheSize) {
        this.client = client;
        this.baseUrl = settings.baseUrl().toString();
        this.readTimeout = settings.readTimeout();
        this.connections = new UpstreamConnections(client, settings.baseUrl(), connectionCacheSize, readTimeout);
        this.deadlines = new ReadDeadlines(upstream.label(), readTimeout);
        this.responses = new UpstreamResponses(upstream);
    }

    /**
     * GET {@code baseUrl + pathAndQuery}; the caller has encoded every value in it ({@link UpstreamContract}).
     */
    JsonNode get(String pathAndQuery) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        Exchange exchange;
        UpstreamConnections.Lease lease = null;
        try {
            lease = connections.acquire();
            exchange = exchange(uri, lease);
        } catch (RuntimeException e) {
            if (lease == null || !lease.reused() || !isStalePooledConnection(e)) {
                throw failure(e);
            }
            // The server closed this kept-alive connection while it was idle; a GET is idempotent:
            // repeat it once on a fresh connection.
            try {
                exchange = exchange(uri, connections.fresh());
            } catch (RuntimeException again) {
                throw failure(again);
            }
        }
        return responses.json(uri.getRawPath(), exchange.status(), exchange.body());
    }

    private record Exchange(int status, byte[] body) {
    }

    private Exchange exchange(URI uri, UpstreamConnections.Lease lease) {
        // The read timeout is enforced by ReadDeadlines (it closes the connection at the deadline), so the
        // socket itself waits without a timer: Duration.ZERO is "no socket read timeout".
        ReadDeadlines.Call call = deadlines.start(lease.connection());
        HttpClientResponse response;
        try {
            response = client.get()
                    .uri(uri)
                    .connection(lease.connection())
                    .header(HeaderValues.CONNECTION_KEEP_ALIVE)
                    .readTimeout(Duration.ZERO)
                    .request();
        } catch (RuntimeException e) {
            // a connection that did not complete its exchange is never pooled again
            lease.connection().closeResource();
            if (!call.finish()) {
                throw new ReadTimeoutException(e);
            }
            if (isEndOfStream(e)) {
                throw new NoResponseException(e);
            }
            throw e;
        }
        try (response) {
            int status = response.status().code();
            byte[] body = body(response);
            if (!call.finish()) {
                throw new ReadTimeoutException(null);
            }
            return new Exchange(status, body);
        } catch (ReadTimeoutException e) {
            throw e;
        } catch (RuntimeException e) {
            lease.connection().closeResource();
            if (!call.finish()) {
                throw new ReadTimeoutException(e);
            }
            throw e;
        }
    }

    /**
     * The response body, read in one buffer of its Content-Length when the server sent one.
     *
     * <p>Why not {@code entity().as(byte[].class)}: that is {@code InputStream.readAllBytes()}, which reads in
     * 16 KiB chunks, and Helidon allocates a buffer of the requested size for each read, including the last one
     * that only finds the end: about 64 KiB of garbage for a body of a few hundred bytes, which was most of the
     * service's allocation (docs/PERFORMANCE.md). Closing the stream reads that end, which is what lets Helidon
     * keep the connection for the next exchange.
     */
    private static byte[] body(HttpClientResponse response) {
        long length = response.headers().contentLength().orElse(-1);
        boolean exactLength = length >= 0 && length <= Integer.MAX_VALUE
                && !response.headers().contains(HeaderNames.CONTENT_ENCODING);
        try (InputStream in = response.inputStream()) {
            return exactLength ? in.readNBytes((int) length) : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A kept-alive connection that the server had closed while it sat in the pool: the request goes out, but
     * not a single byte of a response can be read (end of stream where the status line should be). A reset,
     * a timeout or a response cut short are real upstream failures and are not repeated.
     */
    private static boolean isStalePooledConnection(RuntimeException e) {
        return e instanceof NoResponseException;
    }

    private static boolean isEndOfStream(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return true;
            }
        }
        return false;
    }

    /** The read deadline passed before the response was complete; the cause is what the closed read reported. */
    private static final class ReadTimeoutException extends RuntimeException {
        ReadTimeoutException(RuntimeException cause) {
            super("read deadline passed", cause, false, false);
        }
    }

    /** End of stream before the status line; the cause is Helidon's exception. */
    private static final class NoResponseException extends RuntimeException {
        NoResponseException(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private UpstreamException failure(RuntimeException e) {
        return e instanceof ReadTimeoutException ? responses.timeout(readTimeout, e) : responses.failure(e, readTimeout);
    }
}
