package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The retry storm of {@code ./lab overload}: its plan, its stages, and the health probe's own new connections. */
class RetryStormPlanTest {

    private static OverloadCommand.Plan plan(String... args) {
        OverloadCommand command = new OverloadCommand();
        new CommandLine(command).parseArgs(args);
        return command.plan();
    }

    @Test
    void by_default_overload_runs_the_open_model_and_a_storm_of_400_kept_alive_and_100_new_connection_users() {
        OverloadCommand.Plan plan = plan();

        assertThat(plan.openModel()).isTrue();
        assertThat(plan.storm()).isEqualTo(new OverloadCommand.Storm(400, 100, Duration.ofSeconds(10), 0.9));
        assertThat(plan.stormStages()).extracting(EpisodeRunner.Stage::name)
                .containsExactly("warm-up", "before", "storm", "after");
        EpisodeRunner.Stage warmUp = plan.stormStages().get(0);
        assertThat(warmUp.storm()).as("the storm's client warms up on a storm").isTrue();
        assertThat(warmUp.rateRps()).as("calm load beside it starts the episode's clock").isEqualTo(80.0);
        EpisodeRunner.Stage storm = plan.stormStages().get(2);
        assertThat(storm.rateRps()).as("closed-loop users only").isZero();
        assertThat(storm.action()).isEqualTo("retry storm: 400 kept-alive + 100 new-connection users resending at once");
        assertThat(plan.stormStages().get(1).rateRps()).as("calm at half the pool's bound: 16 / 100 ms / 2")
                .isEqualTo(80.0);
        assertThat(plan.limits().healthP99()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void the_adversaries_can_be_chosen_alone() {
        assertThat(plan("--adversaries", "storm").openModel()).isFalse();
        assertThat(plan("--adversaries", "open").storm()).isNull();
        assertThatThrownBy(() -> plan("--adversaries", "flood")).isInstanceOf(LabException.class)
                .hasMessage("unknown --adversaries 'flood': use open, storm or both");
    }

    @Test
    void a_storm_that_the_service_could_admit_whole_is_refused_before_anything_starts() {
        // blocking admits pool + queue = 16 + 64 = 80 requests at once: 60 + 20 users would never be shed
        assertThatThrownBy(() -> plan("--storm-connections", "60", "--storm-new-connections", "20"))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("a retry storm of 80 users cannot overload blocking, which admits 80 at once");
        assertThatThrownBy(() -> plan("--storm-duration", "1500ms")).isInstanceOf(LabException.class)
                .hasMessageContaining("whole seconds");
    }

    @Test
    void health_is_probed_on_a_new_connection_every_time() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerEach(server, accepted));
            URI health = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/observe/health");

            assertThat(LabHttp.statusOnNewConnection(health, Duration.ofSeconds(5))).isEqualTo(204);
            assertThat(LabHttp.statusOnNewConnection(health, Duration.ofSeconds(5))).isEqualTo(204);
            assertThat(accepted).as("one connection per probe").hasValue(2);
        }
    }

    @Test
    void a_probe_that_gets_no_answer_fails_at_its_timeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI health = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/observe/health");
            assertThatThrownBy(() -> LabHttp.statusOnNewConnection(health, Duration.ofMillis(200)))
                    .isInstanceOf(IOException.class);
        }
    }

    /** Reads each request's head and answers 204, then leaves the connection open as Helidon may. */
    private static void answerEach(ServerSocket server, AtomicInteger accepted) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.incrementAndGet();
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                if (head.toString().startsWith("GET /observe/health HTTP/1.1\r\n")
                        && head.toString().contains("\r\nConnection: close\r\n")) {
                    socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n"
                            .concat("Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    in.read(); // until the probe closes its end: a probe that waited for our close would time out
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
