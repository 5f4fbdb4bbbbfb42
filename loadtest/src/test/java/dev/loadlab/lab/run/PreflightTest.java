package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.simulations.RequestMix;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request per variant before any load: a variant that cannot answer it stops the command with one line. */
class PreflightTest {

    private static final RequestMix SUN = ScenarioFiles.builtIn().requests().only("sun");
    private static final RequestMix WEATHER = ScenarioFiles.builtIn().requests().only("weather");

    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, status, body));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        paths.add(exchange.getRequestURI().getPath());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Preflight.Variant target(String name, String url) {
        return new Preflight.Variant(name, url, "--target " + name + "=" + url);
    }

    @Test
    void a_variant_that_answers_2xx_passes_after_the_request_its_first_point_sends() throws IOException {
        String base = serve(200, "{\"zip\":\"97201\"}") + "/api/async";

        assertThatCode(() -> Preflight.check(List.of(target("mine", base)), SUN)).doesNotThrowAnyException();
        assertThat(paths).containsExactly("/api/async/sun/97201/us");
    }

    @Test
    void a_closed_port_is_named_with_the_variant_the_url_and_the_fix() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closed + "/api";

        assertThatThrownBy(() -> Preflight.check(List.of(target("x", base)), SUN))
                .isInstanceOf(LabException.class)
                .hasMessage("preflight: variant x, GET " + base + "/sun/97201/us: connection refused; nothing answers"
                        + " there: start the service, or correct the URL (--target x=" + base + ")")
                .satisfies(e -> assertThat(((LabException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void a_wrong_base_url_shows_the_status_and_the_start_of_the_body() throws IOException {
        String base = serve(404, "{\"error\": \"no route\",\n \"path\": \"/sun/97201/us\"}");

        assertThatThrownBy(() -> Preflight.check(List.of(target("py", base)), WEATHER))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("preflight: variant py, GET " + base + "/weather/97201/us: HTTP 404"
                        + " {\"error\": \"no route\", \"path\": \"/sun/97201/us\"}; that is not the service's API: the URL"
                        + " must be the base that /weather/#{zip}/#{country} is appended to");
    }

    @Test
    void a_server_error_asks_for_a_2xx_before_any_load() throws IOException {
        String base = serve(503, "busy");

        assertThatThrownBy(() -> Preflight.check(List.of(target("a", base)), SUN))
                .hasMessageContaining(": HTTP 503 busy; every point would send this request");
    }

    @Test
    void a_service_that_takes_the_connection_but_never_answers_fails_after_the_timeout() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS); // holds the answer until the test is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late");
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        assertThatThrownBy(() -> Preflight.check(List.of(target("stuck", base)), SUN, Duration.ofMillis(300)))
                .hasMessageContaining("GET " + base + "/sun/97201/us: no answer in 300 ms; the service took the"
                        + " connection but did not answer");
    }

    @Test
    void every_variant_is_checked_and_the_first_that_fails_is_named() throws IOException {
        String base = serve(200, "{}");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThatThrownBy(() -> Preflight.check(List.of(target("good", base + "/api/async"),
                target("dead", "http://127.0.0.1:" + closed)), SUN))
                .hasMessageStartingWith("preflight: variant dead,");
        assertThat(paths).containsExactly("/api/async/sun/97201/us");
    }
}
