package dev.loadlab.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {

    @Test
    void defaults_come_from_application_yaml() {
        ServiceSettings settings = ServiceSettings.from(config(Map.of()));

        assertThat(settings.defaultMode()).isEqualTo(Mode.ASYNC);
        assertThat(settings.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(settings.blockingPoolSize()).isEqualTo(64);
        assertThat(settings.blockingQueueSize()).isEqualTo(1024);
        assertThat(settings.asyncMaxInFlight()).isEqualTo(10_000);
        assertThat(settings.virtualMaxInFlight()).isEqualTo(10_000);
        assertThat(settings.connectionCacheSize()).isEqualTo(1024);
        assertThat(settings.upstreams().get(Upstream.SUN).readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.upstreams().get(Upstream.SUN).connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.closeShedConnections()).isFalse();
        assertThat(settings.platformIoPollers()).isTrue();
        assertThat(settings.eventLoop()).isEqualTo(new ServiceSettings.EventLoopSettings(
                ServiceSettings.EventLoopClient.VERTX, 1, 1024, 10_000));
        assertThat(settings.management()).isEqualTo(new ServiceSettings.ManagementSettings(-1, Duration.ofSeconds(10)));
        assertThat(settings.management().enabled()).isFalse();
    }

    @Test
    void eventloop_client_is_chosen_by_name() {
        assertThat(ServiceSettings.from(config(Map.of("eventloop.client", "jdk"))).eventLoop().client())
                .isEqualTo(ServiceSettings.EventLoopClient.JDK);
        assertThat(ServiceSettings.from(config(Map.of("eventloop.client", "vertx"))).eventLoop().client())
                .isEqualTo(ServiceSettings.EventLoopClient.VERTX);
    }

    @ParameterizedTest
    @CsvSource({"PT5S,5000", "5s,5000", "500ms,500", "2m,120000", "pt0.25s,250"})
    void durations_accept_iso_8601_and_short_forms(String text, long millis) {
        assertThat(ServiceSettings.parseDuration(text)).hasValue(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "blocking.pool-size; 0; an integer >= 1",
            "blocking.queue-size; -1; an integer >= 0",
            "async.max-in-flight; many; an integer >= 1",
            "service.default-mode; reactive; blocking|virtual|async|eventloop",
            "eventloop.client; netty; vertx or jdk",
            "eventloop.threads; 0; an integer >= 1",
            "eventloop.max-connections; 0; an integer >= 1",
            "eventloop.max-in-flight; lots; an integer >= 1",
            "sun.time-zone; Mars/Olympus; a zone id",
            "upstreams.sun.base-url; not a url; http(s)://",
            "upstreams.location.base-url; ftp://host/x; http(s)://",
            "upstreams.weather.read-timeout; soon; ISO-8601",
            "overload.close-connection; sometimes; true or false",
            "service.io-pollers; carrier; platform or virtual",
            "management.port; -2; an integer >= -1",
            "management.port; 70000; a port up to 65535",
            "management.stall-limit; 0s; ISO-8601"})
    void bad_config_fails_naming_the_key_and_allowed_values(String key, String value, String allowed) {
        assertThatThrownBy(() -> ServiceSettings.from(config(Map.of(key, value))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(allowed);
    }

    @Test
    void main_exits_non_zero_with_the_key_named_when_pool_size_is_zero() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                             "-cp", System.getProperty("java.class.path"),
                                             Main.class.getName(),
                                             "-Dblocking.pool-size=0",
                                             "-Dserver.port=0")
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("blocking.pool-size=0").contains("an integer >= 1");
    }

    @Test
    void program_arguments_override_application_yaml() {
        Config config = Main.config(new String[] {"-Dblocking.pool-size=3", "--service.default-mode=virtual"});

        ServiceSettings settings = ServiceSettings.from(config);

        assertThat(settings.blockingPoolSize()).isEqualTo(3);
        assertThat(settings.defaultMode()).isEqualTo(Mode.VIRTUAL);
        assertThat(config.get("server.host").asString().get()).isEqualTo("127.0.0.1");
    }

    @Test
    void system_properties_override_application_yaml() {
        System.setProperty("blocking.queue-size", "7");
        try {
            assertThat(ServiceSettings.from(Main.config(new String[0])).blockingQueueSize()).isEqualTo(7);
        } finally {
            System.clearProperty("blocking.queue-size");
        }
    }

    private static Config config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(overrides);
        return Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }
}
