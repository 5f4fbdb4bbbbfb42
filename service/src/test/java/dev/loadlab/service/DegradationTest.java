package dev.loadlab.service;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proof-only slowdowns the lab's CI gate is tested against: off by default, same in every mode. */
class DegradationTest extends StubbedUpstreamsTest {
    @BeforeEach
    void serveUpstreams() {
        UpstreamFixtures.servePortland(location, sun, weather, 0, 0, 0);
    }

    @Test
    void is_off_by_default() {
        assertThat(ServiceSettings.from(config(Map.of())).degradation()).isEqualTo(Degradation.NONE);
        assertThat(Degradation.NONE.active()).isFalse();
    }

    @Test
    void negative_values_fail_naming_the_key() {
        assertThatThrownBy(() -> ServiceSettings.from(config(Map.of("degrade.extra-latency-ms", "-1"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("degrade.extra-latency-ms")
                .hasMessageContaining("an integer >= 0");
        assertThatThrownBy(() -> ServiceSettings.from(config(Map.of("degrade.cpu-burn-us", "lots"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("degrade.cpu-burn-us");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void extra_latency_and_cpu_burn_delay_every_mode_and_keep_the_answer(Mode mode) {
        try (TestService service = TestService.start(location, sun, weather,
                Map.of("degrade.extra-latency-ms", "300", "degrade.cpu-burn-us", "50000"))) {
            long start = System.nanoTime();
            HttpResponse<String> response = service.get("/api/" + mode.label() + "/sun/97201/us");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"place\":\"Portland\"");
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "async"})
    void pinning_makes_the_virtual_thread_modes_pin_their_carriers_and_keeps_the_answer(String mode)
            throws Exception {
        assertThat(pinnedEvents(Map.of("degrade.pinning", "true"), mode)).as(mode + " pinned events").isPositive();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void no_mode_pins_a_carrier_without_the_knob(Mode mode) throws Exception {
        assertThat(pinnedEvents(Map.of(), mode.label())).as(mode + " pinned events").isZero();
    }

    @Test
    void pinning_does_not_apply_to_the_eventloop_mode_whose_calls_park_no_thread() throws Exception {
        assertThat(pinnedEvents(Map.of("degrade.pinning", "true"), Mode.EVENTLOOP.label())).isZero();
    }

    @Test
    void pinning_is_checked_like_the_other_keys() {
        assertThat(ServiceSettings.from(config(Map.of("degrade.pinning", "true"))).degradation().active()).isTrue();
        assertThatThrownBy(() -> ServiceSettings.from(config(Map.of("degrade.pinning", "yes"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("degrade.pinning");
    }

    /**
     * Five sun requests in one mode under a JFR recording of every jdk.VirtualThreadPinned event. One request
     * before it: the JDK's own one-time set-up (its socket pollers' class initialisation, which pins the first
     * virtual thread that waits for it) is not the service's pinning.
     */
    private long pinnedEvents(Map<String, String> config, String mode) throws Exception {
        Path file = Files.createTempFile("pinning", ".jfr");
        try (TestService service = TestService.start(location, sun, weather, config);
             Recording recording = new Recording()) {
            assertThat(service.get("/api/" + mode + "/sun/97201/us").statusCode()).isEqualTo(200);
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = service.get("/api/" + mode + "/sun/97201/us");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("\"place\":\"Portland\"");
            }
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned")).count();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Config config(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("upstreams.location.base-url", "http://127.0.0.1:1/location");
        all.put("upstreams.sun.base-url", "http://127.0.0.1:1/sun");
        all.put("upstreams.weather.base-url", "http://127.0.0.1:1/weather");
        return Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .addSource(ConfigSources.create(all))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }
}
