package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void accepts_loopback_addresses() {
        assertThat(Targets.validate(Map.of("a", "http://127.0.0.1:8080/api/async/"), false))
                .containsEntry("a", "http://127.0.0.1:8080/api/async");
        assertThat(Targets.isLoopback("127.8.9.10")).isTrue();
        assertThat(Targets.isLoopback("localhost")).isTrue();
        assertThat(Targets.isLoopback("[::1]")).isTrue();
    }

    @Test
    void refuses_other_hosts_unless_allowed() {
        assertThatThrownBy(() -> Targets.validate(Map.of("a", "http://10.0.0.5:8080/api"), false))
                .isInstanceOf(LabException.class).hasMessageContaining("--allow-remote");
        assertThatThrownBy(() -> Targets.validate(Map.of("a", "http://example.com/api"), false))
                .isInstanceOf(LabException.class).hasMessageContaining("not a loopback");
        assertThat(Targets.validate(Map.of("a", "http://10.0.0.5:8080/api"), true)).containsKey("a");
    }

    @Test
    void refuses_urls_that_are_not_http() {
        assertThatThrownBy(() -> Targets.validate(Map.of("a", "ftp://127.0.0.1/x"), false))
                .isInstanceOf(LabException.class).hasMessageContaining("http(s) URL");
    }

    @Test
    void kubernetes_service_names_are_cluster_internal_short_names_and_others_are_not() {
        assertThat(Targets.isClusterService("loadlab-service.loadlab.svc.cluster.local", "cluster.local")).isTrue();
        assertThat(Targets.isClusterService("loadlab-service.loadlab.svc", "cluster.local")).isTrue();
        assertThat(Targets.isClusterService("svc.team.svc.corp.internal", "corp.internal")).isTrue();
        assertThat(Targets.isClusterService("loadlab-service", "cluster.local")).isFalse();
        assertThat(Targets.isClusterService("a.b.svc.example.com", "cluster.local")).isFalse();
        assertThat(Targets.isClusterService("example.com", "cluster.local")).isFalse();
        assertThat(Targets.isClusterService("10.0.0.5", "cluster.local")).isFalse();
    }
}
