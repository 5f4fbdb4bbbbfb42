package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loadlab.lab.scenario.Scenario;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's variant started by command: argv, placeholders, readiness, and a clear error when it fails. */
class VariantProcessTest {

    @TempDir
    Path dir;

    @Test
    void a_command_that_cannot_run_names_the_variant_and_the_key_to_fix() {
        Scenario.Variant variant = variant(List.of("no-such-command-for-loadlab", "{port}"), false,
                new Scenario.Ready("/health", null, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> VariantProcess.start(variant, Map.of(), dir))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("variant mine: cannot run no-such-command-for-loadlab in " + dir)
                .hasMessageContaining("fix variants.mine.command in the scenario");
    }

    @Test
    void a_command_that_exits_before_it_is_ready_shows_its_last_output() {
        Scenario.Variant variant = variant(List.of("echo port {port} is not for me; exit 3"), true,
                new Scenario.Ready("/health", null, Duration.ofSeconds(30)));

        assertThatThrownBy(() -> VariantProcess.start(variant, Map.of(), dir))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("variant mine exited before it was ready: port ")
                .hasMessageContaining("is not for me")
                .hasMessageContaining("fix variants.mine (command or ready)");
    }

    @Test
    void a_command_that_never_becomes_ready_is_stopped_after_its_timeout() throws IOException {
        Scenario.Variant variant = variant(List.of("sleep", "60"), false,
                new Scenario.Ready("/health", null, Duration.ofSeconds(1)));

        assertThatThrownBy(() -> VariantProcess.start(variant, Map.of(), dir))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("variant mine was not ready within 1 s: GET http://127.0.0.1:")
                .hasMessageContaining("/health gave ConnectException");
        long sleeping = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("sleep")).count();
        assertThat(sleeping).isZero();
    }

    @Test
    void placeholders_are_filled_and_a_log_line_can_mean_ready() throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String upstreamUrl = "http://127.0.0.1:" + upstream.getAddress().getPort();
        Scenario.Variant variant = new Scenario.Variant("mine", null, null,
                List.of("echo listening on {port} with $PRICING; sleep 60"), true, dir,
                Map.of("PRICING", "{upstream.pricing.url}"), "http://127.0.0.1:{port}/api",
                new Scenario.Ready(null, "listening on \\d+", Duration.ofSeconds(10)), null);

        try (VariantProcess process = VariantProcess.start(variant, Map.of("pricing", upstreamUrl), dir)) {
            assertThat(process.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api");
            String port = process.baseUrl().replaceAll(".*:(\\d+)/api", "$1");
            assertThat(Files.readString(process.log())).contains("listening on " + port + " with " + upstreamUrl);
        }
    }

    private Scenario.Variant variant(List<String> command, boolean shell, Scenario.Ready ready) {
        return new Scenario.Variant("mine", null, null, command, shell, dir, Map.of(), "http://127.0.0.1:{port}",
                ready, null);
    }
}
