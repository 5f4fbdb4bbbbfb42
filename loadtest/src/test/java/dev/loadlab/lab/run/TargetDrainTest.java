package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loadlab.lab.results.Summary;
import java.io.IOException;
import java.net.InetSocketAddress;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.simulations.RequestMix;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Between points against a target: probe until an answer is as fast as a drained service gives it. The loopback
 * server below plays a target with a backlog: its first answers come late (or fail fast), then on time.
 */
class TargetDrainTest {

    private static final RequestMix SUN = ScenarioFiles.builtIn().requests().only("sun");

    private static final double FLOOR_MS = 50; // answer limit: 50 + 50 = 100 ms

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers requests 1..{@code slowAnswers} after {@code delayMs} with {@code firstStatus}, then at once with 200. */
    private String target(int slowAnswers, long delayMs, int firstStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            boolean backlog = n <= slowAnswers;
            if (backlog && delayMs > 0) {
                try {
                    Thread.sleep(delayMs); // the backlog this request waits behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(backlog ? firstStatus : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @Test
    void waits_through_slow_answers_until_one_comes_within_the_floor_plus_a_margin() throws IOException {
        String url = target(3, 300, 200);

        Summary.Drain drain = TargetDrain.await(url, SUN, FLOOR_MS, Duration.ofSeconds(30));

        assertThat(drain.timedOut()).isFalse();
        assertThat(drain.method()).isEqualTo(Summary.Drain.PROBE);
        assertThat(drain.answerLimitMs()).isEqualTo(100.0);
        assertThat(requests).hasValue(4); // three late answers, then the first on time ends the wait
        assertThat(drain.durationMs()).isGreaterThanOrEqualTo(900);
    }

    @Test
    void a_fast_error_is_not_a_drained_service() throws IOException {
        String url = target(2, 0, 503);

        Summary.Drain drain = TargetDrain.await(url, SUN, FLOOR_MS, Duration.ofSeconds(30));

        assertThat(drain.timedOut()).isFalse();
        assertThat(requests).hasValue(3);
    }

    @Test
    void a_target_that_never_answers_in_time_times_out_after_the_bound_and_says_so() throws IOException {
        String url = target(Integer.MAX_VALUE, 300, 200);

        Summary.Drain drain = TargetDrain.await(url, SUN, FLOOR_MS, Duration.ofSeconds(1));

        assertThat(drain.timedOut()).isTrue();
        assertThat(drain.durationMs()).isGreaterThanOrEqualTo(1000);
        assertThat(requests.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void the_answer_limit_is_the_floor_plus_a_quarter_and_at_least_50_ms() {
        assertThat(TargetDrain.answerLimitMs(200)).isEqualTo(250.0);
        assertThat(TargetDrain.answerLimitMs(100)).isEqualTo(150.0);
        assertThat(TargetDrain.answerLimitMs(2000)).isEqualTo(2500.0);
    }
}
