package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loadlab.lab.run.VariantRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry storm's client against small servers on loopback: what it sends, on which connections, and what it records. */
class RetryStormTest {

    private static final VariantRequest.First SUN = new VariantRequest.First("GET", "/sun/97201/us", Map.of(), null,
            200, "/sun/#{zip}/#{country}");

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answered = new AtomicInteger();
    private final Set<String> connectionHeaders = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    /** Answers every request with {@code status} after {@code delayMs}, noting each client connection. */
    private String server(int status, long delayMs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress());
            connectionHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Connection")));
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"error\":\"busy\"}".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            answered.incrementAndGet();
            exchange.close();
        });
        server.start();
        servers.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/virtual";
    }

    private static ReliabilityScenario.Target target(String url) {
        return new ReliabilityScenario.Target("virtual", url, 0, null, Set.of(), null, true);
    }

    private static List<RequestLog.Request> storm(String url, int keepAlive, int newConnections, Duration timeout,
                                                  long maxRequests) {
        EpisodeRunner.Stage stage = EpisodeRunner.Stage.storm("storm", Duration.ofSeconds(1), keepAlive, newConnections);
        try (RetryStorm storm = RetryStorm.start(stage, List.of(target(url)), SUN, timeout, maxRequests)) {
            return storm.await();
        }
    }

    @Test
    void kept_alive_users_resend_at_once_over_one_connection_each() throws IOException {
        String url = server(503, 0);

        List<RequestLog.Request> requests = storm(url, 4, 0, Duration.ofSeconds(5), 1_000_000);

        assertThat(requests).hasSize(answered.get()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.cause()).isEqualTo("status 503");
            assertThat(r.stage()).isEqualTo("storm");
            assertThat(r.variant()).isEqualTo("virtual");
        });
        assertThat(requests.size()).as("each user sent again after its 503").isGreaterThan(4 * 3);
        assertThat(connections).as("one connection per user, kept for the whole storm").hasSize(4);
        assertThat(connectionHeaders).containsExactly("null");
    }

    @Test
    void new_connection_users_open_a_connection_for_every_request_and_ask_to_close_it() throws IOException {
        String url = server(503, 0);

        List<RequestLog.Request> requests = storm(url, 0, 2, Duration.ofSeconds(5), 1_000_000);

        assertThat(requests.size()).isGreaterThan(2 * 3).isEqualTo(answered.get());
        assertThat(connections).as("a new client port per request").hasSize(requests.size());
        assertThat(connectionHeaders).containsExactly("close");
    }

    @Test
    void the_expected_status_counts_as_ok_and_the_clock_includes_the_servers_wait() throws IOException {
        String url = server(200, 50);

        List<RequestLog.Request> requests = storm(url, 2, 1, Duration.ofSeconds(5), 1_000_000);

        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.ok()).isTrue();
            assertThat(r.responseMs()).isGreaterThanOrEqualTo(50);
        });
    }

    @Test
    void the_request_cap_stops_the_storm_exactly() throws IOException {
        String url = server(503, 0);

        List<RequestLog.Request> requests = storm(url, 3, 2, Duration.ofSeconds(5), 25);

        assertThat(requests).hasSize(25);
        assertThat(answered.get()).isEqualTo(25);
    }

    @Test
    void a_closed_port_is_recorded_as_connection_failures_and_the_storm_still_ends() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        List<RequestLog.Request> requests = storm("http://127.0.0.1:" + closedPort + "/api/virtual", 2, 1,
                Duration.ofSeconds(5), 200);

        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.cause()).isEqualTo("connection");
        });
    }

    @Test
    void a_server_that_never_answers_is_recorded_as_timeouts() throws IOException {
        ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // reads nothing, answers nothing
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        servers.add(() -> {
            silent.close();
            acceptor.join();
            for (Socket socket : held) {
                socket.close();
            }
        });

        List<RequestLog.Request> requests = storm("http://127.0.0.1:" + silent.getLocalPort() + "/api/virtual", 2, 0,
                Duration.ofMillis(300), 1_000_000);

        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.cause()).isEqualTo("timeout");
            assertThat(r.responseMs()).isGreaterThanOrEqualTo(300);
        });
    }

    @Test
    void the_warm_up_storms_in_rounds_until_two_rounds_in_a_row_offer_no_more_than_a_tenth_above_the_one_before() {
        assertThat(StormWarmUp.steady(List.of())).isFalse();
        assertThat(StormWarmUp.steady(List.of(13_000.0, 12_000.0))).isFalse();
        assertThat(StormWarmUp.steady(List.of(3_800.0, 11_900.0, 13_000.0))).isFalse();
        assertThat(StormWarmUp.steady(List.of(3_800.0, 11_900.0, 13_000.0, 14_000.0))).isTrue();
        assertThat(StormWarmUp.steady(List.of(13_000.0, 12_000.0, 12_500.0))).isTrue();
        // the blocking variant's first warm-up in a run: one round fell back while the rate was still climbing
        assertThat(StormWarmUp.steady(List.of(985.0, 4_124.0, 4_869.0, 6_758.0, 5_984.0))).isFalse();
    }

    @Test
    void the_warm_up_stops_once_the_storm_is_steady_and_returns_every_round_s_rate() throws IOException {
        String url = server(503, 20); // ten users at 20 ms each: a steady 500 req/s
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<Double> rates = StormWarmUp.untilSteady(target(url), SUN,
                new OverloadCommand.Storm(8, 2, Duration.ofSeconds(1), 0.9), Duration.ofSeconds(5), 1_000_000,
                new PrintStream(printed, true));

        assertThat(rates).hasSizeBetween(StormWarmUp.MIN_ROUNDS, StormWarmUp.MAX_ROUNDS).allSatisfy(rate ->
                assertThat(rate).isPositive());
        assertThat(StormWarmUp.steady(rates) || rates.size() == StormWarmUp.MAX_ROUNDS).isTrue();
        // it stopped at the first steady round, not later
        assertThat(StormWarmUp.steady(rates.subList(0, rates.size() - 1))).isFalse();
        assertThat(answered.get()).isGreaterThanOrEqualTo((int) Math.round(rates.stream().mapToDouble(r -> r).sum()));
        assertThat(printed.toString()).startsWith("virtual: storm warm-up ").contains(" req/s, ");
    }
}
