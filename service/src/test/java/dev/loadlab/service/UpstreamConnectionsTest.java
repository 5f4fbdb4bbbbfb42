package dev.loadlab.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's own keep-alive pool and read deadlines ({@link UpstreamConnections}, {@link ReadDeadlines}) against
 * a raw HTTP/1.1 server whose connection behaviour the test controls.
 */
class UpstreamConnectionsTest {
    private static final String BODY = "{\"ok\":true}";

    @Test
    void reuses_a_kept_alive_connection() throws Exception {
        try (RawServer server = new RawServer((request, out) -> respond(out, BODY, true))) {
            UpstreamHttp http = http(server, Duration.ofSeconds(2));
            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/x").path("ok").asBoolean()).isTrue();
            }
            assertThat(server.requestsByConnection()).containsExactly(Collections.nCopies(5, "GET /x HTTP/1.1"));
        }
    }

    @Test
    void reads_a_chunked_body_and_keeps_its_connection() throws Exception {
        // no Content-Length: the body is read to its end instead of into one buffer of the announced length
        try (RawServer server = new RawServer((request, out) -> respondChunked(out, "{\"ok\":", "true}"))) {
            UpstreamHttp http = http(server, Duration.ofSeconds(2));
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/x").path("ok").asBoolean()).isTrue();
            }
            assertThat(server.requestsByConnection()).containsExactly(Collections.nCopies(3, "GET /x HTTP/1.1"));
        }
    }

    @Test
    void repeats_a_get_once_when_the_server_closed_the_idle_connection() throws Exception {
        // The server answers one request per connection, then closes it without saying so (no Connection: close).
        // It half-closes (its FIN is all the client sees, as from a server that dropped an idle connection) but
        // keeps reading, so it sees a request the client sends on the closed connection and never answers it.
        try (RawServer server = new RawServer((request, out) -> respond(out, BODY, false))) {
            UpstreamHttp http = http(server, Duration.ofSeconds(2));
            assertThat(http.get("/first").path("ok").asBoolean()).isTrue();
            server.awaitClosedByServer(1); // the connection sits in the pool, closed by the server

            assertThat(http.get("/second").path("ok").asBoolean()).isTrue();

            server.awaitRequests(3); // the client may read the server's FIN before the server has read its request
            // the kept-alive connection was tried (its request got no answer), then the GET went once on a new one
            assertThat(server.requestsByConnection()).containsExactly(
                    List.of("GET /first HTTP/1.1", "GET /second HTTP/1.1"),
                    List.of("GET /second HTTP/1.1"));
        }
    }

    @Test
    void times_out_a_response_slower_than_the_read_timeout_and_does_not_reuse_its_connection() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawServer server = new RawServer((request, out) -> {
            if (requests.incrementAndGet() == 1) {
                sleep(1500);
            }
            respond(out, BODY, true);
        })) {
            UpstreamHttp http = http(server, Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThatThrownBy(() -> http.get("/slow"))
                    .isInstanceOfSatisfying(UpstreamException.class,
                                            e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).isBetween(250L, 1200L);
            assertThat(http.get("/x").path("ok").asBoolean()).isTrue();
            assertThat(server.requestsByConnection()).containsExactly(List.of("GET /slow HTTP/1.1"),
                                                                      List.of("GET /x HTTP/1.1"));
        }
    }

    private static UpstreamHttp http(RawServer server, Duration readTimeout) {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        return HttpUpstreams.http(Upstream.LOCATION,
                                  new ServiceSettings.UpstreamSettings(base, Duration.ofSeconds(1), readTimeout), 16);
    }

    private static void respond(OutputStream out, String body, boolean keepOpen) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        try {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            return;
        }
        if (!keepOpen) {
            throw new CloseConnection();
        }
    }

    private static void respondChunked(OutputStream out, String... chunks) {
        StringBuilder response = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                   + "Transfer-Encoding: chunked\r\n\r\n");
        for (String chunk : chunks) {
            response.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        response.append("0\r\n\r\n");
        try {
            out.write(response.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // connection over
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class CloseConnection extends RuntimeException {
    }

    /**
     * HTTP/1.1 server: reads request heads (GET only), lets the handler write responses, and records each
     * connection's request lines in the order the connections were accepted.
     */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<List<String>> requests = new CopyOnWriteArrayList<>();
        private final Semaphore received = new Semaphore(0);
        private final Semaphore closedByServer = new Semaphore(0);
        private final BiConsumer<String, OutputStream> handler;

        RawServer(BiConsumer<String, OutputStream> handler) throws IOException {
            this.handler = handler;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Per connection, in the order accepted: the request lines it received. */
        List<List<String>> requestsByConnection() {
            return requests.stream().map(List::copyOf).toList();
        }

        /** Waits until the server has received {@code count} requests in all. */
        void awaitRequests(int count) throws InterruptedException {
            await(received, count, "requests received");
        }

        /** Waits until the server has closed (its side of) {@code count} connections. */
        void awaitClosedByServer(int count) throws InterruptedException {
            await(closedByServer, count, "connections closed by the server");
        }

        private static void await(Semaphore events, int count, String what) throws InterruptedException {
            assertThat(events.tryAcquire(count, 10, TimeUnit.SECONDS)).as(count + " " + what + " within 10 s").isTrue();
            events.release(count); // waiting does not consume the events
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    List<String> lines = new CopyOnWriteArrayList<>();
                    requests.add(lines);
                    Thread.ofVirtual().start(() -> serve(connection, lines));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection, List<String> lines) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = connection.getOutputStream();
                boolean answering = true;
                while (true) {
                    String requestLine = in.readLine();
                    if (requestLine == null) {
                        return;
                    }
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // headers ignored
                    }
                    lines.add(requestLine);
                    received.release();
                    if (!answering) {
                        continue;
                    }
                    try {
                        handler.accept(requestLine, out);
                    } catch (CloseConnection close) {
                        connection.shutdownOutput();
                        answering = false;
                        closedByServer.release();
                    }
                }
            } catch (IOException e) {
                // connection over
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
