package dev.loadlab.lab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.run.ChildProcess;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.GatlingPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke simulation's assertions (no failed request, p99 under a bound) pass against a healthy
 * service and fail the Gatling run (exit 2) when the sun API answers 503.
 */
class SmokeSimulationIT {

    @TempDir
    Path dir;

    @Test
    void passes_against_a_healthy_service() {
        try (EmbeddedSystem system = EmbeddedSystem.start(dir.resolve("logs"), List.of("--latency-ms", "20"),
                Map.of(), List.of())) {
            assertThat(runSmoke(system.variantUrl("async"))).isZero();
        }
    }

    @Test
    void fails_its_assertions_when_an_upstream_fails() {
        try (EmbeddedSystem system = EmbeddedSystem.start(dir.resolve("logs"),
                List.of("--latency-ms", "20", "--fault", "sun:http503=0.5"), Map.of(), List.of())) {
            assertThat(runSmoke(system.variantUrl("async"))).as("Gatling exit code on failed assertions").isEqualTo(2);
        }
    }

    private int runSmoke(String baseUrl) {
        ChildProcess gatling = ChildProcess.start("smoke", GatlingPoint.command(
                "dev.loadlab.simulations.SmokeSimulation",
                Map.of("loadlab.baseUrl", baseUrl, "loadlab.measure", "3s", "loadlab.smokeUsers", "4"),
                dir.resolve("gatling"), "smoke"), dir.resolve("smoke.log"));
        return gatling.waitFor(Duration.ofSeconds(90));
    }
}
