package dev.loadlab.service;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;

/**
 * Keep-alive connections to one upstream API, handed to Helidon's WebClient per request
 * ({@code client.get().connection(...)}); the HTTP exchange itself is still Helidon's.
 *
 * <p>Why not Helidon's own connection cache: it parks every idle pooled connection behind a "socket monitor"
 * virtual thread that re-arms a 101 ms socket read timeout until the connection is reused (each expiry is a
 * {@code SocketTimeoutException} and a timer event), it spawns that thread for every call and hands the first
 * response byte over from it, and it reuses connections in FIFO order, so every pooled connection stays
 * monitored. Profiled under load that cost about as much CPU as the HTTP exchange itself
 * (docs/PERFORMANCE.md). This pool is LIFO (the busy connections stay hot, the surplus ages out), does no
 * background reads, and closes a connection that stayed idle longer than {@code maxIdle} (the same rule as
 * Helidon's: idle longer than the read timeout, at most {@link #MAX_IDLE_CAP} so that it stays below common
 * server keep-alive timeouts). A connection the server closed while it was idle is detected when the
 * response cannot be read at all, see {@link UpstreamHttp}.
 */
final class UpstreamConnections implements AutoCloseable {
    static final Duration MAX_IDLE_CAP = Duration.ofSeconds(5);
    private static final List<String> HTTP1 = List.of("http/1.1");
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();
    private static final int TRIM_PER_CALL = 2;

    private final WebClient client;
    private final ConnectionKey key;
    private final int capacity;
    private final long maxIdleNanos;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    private record Idle(TcpClientConnection connection, long since) {
    }

    /** A connection for one exchange; {@code reused} if it served an earlier exchange. */
    record Lease(TcpClientConnection connection, boolean reused) {
    }

    UpstreamConnections(WebClient client, URI baseUrl, int capacity, Duration readTimeout) {
        this.client = client;
        WebClientConfig config = client.prototype();
        int port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : ("https".equals(baseUrl.getScheme()) ? 443 : 80);
        Tls tls = "https".equals(baseUrl.getScheme()) ? config.tls() : NO_TLS;
        this.key = ConnectionKey.create(baseUrl.getScheme(), baseUrl.getHost(), port, tls,
                                        config.dnsResolver(), config.dnsAddressLookup(), config.proxy());
        this.capacity = capacity;
        this.maxIdleNanos = maxIdle(readTimeout).toNanos();
    }

    /**
     * How long a kept-alive connection may stay idle before it is closed: the read timeout, at most
     * {@link #MAX_IDLE_CAP}. The eventloop mode's Vert.x client follows the same rule.
     *
     * @param readTimeout the upstream's read timeout
     * @return longest idle time
     */
    static Duration maxIdle(Duration readTimeout) {
        return readTimeout.compareTo(MAX_IDLE_CAP) < 0 ? readTimeout : MAX_IDLE_CAP;
    }

    /**
     * The most recently used open connection, or a new one.
     *
     * @return lease
     * @throws RuntimeException as Helidon reports connect failures
     */
    Lease acquire() {
        long now = System.nanoTime();
        trimOldest(now);
        Idle entry;
        while ((entry = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            TcpClientConnection connection = entry.connection();
            if (now - entry.since() <= maxIdleNanos && connection.isConnected()) {
                return new Lease(connection, true);
            }
            connection.closeResource();
        }
        return new Lease(connect(), false);
    }

    /**
     * A new connection that is not taken from the pool (it returns to the pool after its exchange).
     *
     * @return lease
     */
    Lease fresh() {
        return new Lease(connect(), false);
    }

    @Override
    public void close() {
        closed = true;
        Idle entry;
        while ((entry = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            entry.connection().closeResource();
        }
    }

    private TcpClientConnection connect() {
        return TcpClientConnection.create(client, key, HTTP1, this::release, connection -> { }).connect();
    }

    /** Called by Helidon when an exchange completed and the connection may be kept; false = Helidon closes it. */
    private Boolean release(TcpClientConnection connection) {
        if (closed || !connection.isConnected()) {
            return false;
        }
        if (idleCount.incrementAndGet() > capacity) {
            idleCount.decrementAndGet();
            return false;
        }
        idle.offerFirst(new Idle(connection, System.nanoTime()));
        return true;
    }

    /** Close a few of the least recently used connections if they have been idle too long. */
    private void trimOldest(long now) {
        for (int i = 0; i < TRIM_PER_CALL; i++) {
            Idle oldest = idle.peekLast();
            if (oldest == null || now - oldest.since() <= maxIdleNanos || !idle.removeLastOccurrence(oldest)) {
                return;
            }
            idleCount.decrementAndGet();
            oldest.connection().closeResource();
        }
    }
}
