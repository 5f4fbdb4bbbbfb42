package dev.loadlab.service;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Liveness on a port of its own ({@code management.port}), answered by one platform thread of the JDK's HTTP
 * server. Every Helidon listener runs its connections on the same virtual-thread carriers, so under a retry storm
 * {@code /observe/health} waited its turn behind the storm (p99 up to 1.0 s, max up to 1.5 s; docs/RELIABILITY.md), and a
 * probe with Kubernetes' 1 s timeout would restart a replica that was only busy. This thread is scheduled by the
 * OS, which runs a thread that slept soon after it wakes. So that it cannot hide a stalled service, {@code /health}
 * turns DOWN (503) when the {@link SchedulerHeartbeat} has not run for {@code management.stall-limit}, and it
 * reports how long virtual threads wait for a carrier.
 */
final class ManagementServer implements AutoCloseable {
    static final String HEALTH_PATH = "/health";

    private final HttpServer server;
    private final SchedulerHeartbeat heartbeat;
    private final Duration stallLimit;

    private ManagementServer(HttpServer server, SchedulerHeartbeat heartbeat, Duration stallLimit) {
        this.server = server;
        this.heartbeat = heartbeat;
        this.stallLimit = stallLimit;
    }

    /**
     * Listen on {@code host:port} (0 = any free port) and answer {@code /health} from {@code heartbeat}.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    static ManagementServer start(String host, int port, SchedulerHeartbeat heartbeat, Duration stallLimit) {
        // answers go out at once, not after the client's delayed ACK of the headers (read once, at first use)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("management.port " + port + " on " + host + ": " + e.getMessage(), e);
        }
        ManagementServer management = new ManagementServer(server, heartbeat, stallLimit);
        // no executor: the server's own dispatcher thread answers (an answer is a few field reads), one thread
        // to wake instead of two
        server.createContext("/", management::answer);
        server.start();
        return management;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!HEALTH_PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, Map.of("error", "the management port serves " + HEALTH_PATH + " only"));
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                send(exchange, 405, Map.of("error", "method " + method + " not allowed: use GET"));
            } else {
                Map<String, Object> body = health();
                send(exchange, "UP".equals(body.get("status")) ? 200 : 503, body);
            }
        }
    }

    /** {@code status} UP or DOWN, with the heartbeat's figures that decided it. */
    Map<String, Object> health() {
        Duration sinceBeat = heartbeat.sinceLastBeat();
        boolean stalled = sinceBeat.compareTo(stallLimit) > 0;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", stalled ? "DOWN" : "UP");
        body.put("sinceLastBeatMs", sinceBeat.toMillis());
        body.put("carrierWaitMs", heartbeat.lastLateness().toMillis());
        if (stalled) {
            body.put("reason", "no virtual thread got a carrier for " + sinceBeat.toMillis() + " ms (management"
                    + ".stall-limit " + stallLimit.toMillis() + " ms): carriers pinned or spinning");
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = Json.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        heartbeat.close();
    }
}
