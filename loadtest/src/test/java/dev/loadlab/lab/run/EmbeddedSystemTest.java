package dev.loadlab.lab.run;

import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedSystemTest {

    @Test
    void the_ready_line_gives_the_service_url_and_its_health_url() {
        Matcher ready = EmbeddedSystem.SERVICE_READY.matcher(
                "loadlab service ready at http://127.0.0.1:38579, health at http://127.0.0.1:45963/health");

        assertThat(ready.find()).isTrue();
        assertThat(ready.group(1)).isEqualTo("http://127.0.0.1:38579");
        assertThat(ready.group(2)).isEqualTo("http://127.0.0.1:45963/health");
    }

    @Test
    void an_older_build_gives_no_health_url_and_helidons_own_log_line_is_not_the_ready_line() {
        Matcher older = EmbeddedSystem.SERVICE_READY.matcher("loadlab service ready at http://127.0.0.1:38579");
        assertThat(older.find()).isTrue();
        assertThat(older.group(2)).isNull();

        assertThat(EmbeddedSystem.SERVICE_READY.matcher("2026.12.02 15:31:05.686 INFO io.helidon.webserver"
                + ".ServerListener: [0x4b2e9a73] http://127.0.0.1:38579 bound for socket '@default'").find()).isFalse();
    }
}
