package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.LabException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The injector's targets and its safety interlock, without sending a request. */
class InjectCommandTest {

    private static InjectCommand parse(String... args) {
        InjectCommand command = new InjectCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void a_url_template_gives_each_variant_its_url_and_names_override_it() {
        InjectCommand command = parse("--point", "async-c8-1", "--target", "http://127.0.0.1:8080/api/{variant}/",
                "--target", "mine=http://localhost:9000/api");

        assertThat(command.targetFor("blocking")).isEqualTo("http://127.0.0.1:8080/api/blocking");
        assertThat(command.targetFor("mine")).isEqualTo("http://localhost:9000/api");
    }

    @Test
    void kubernetes_service_names_pass_the_interlock_other_hosts_need_allow_remote() {
        assertThat(parse("--point", "async-c8-1", "--target",
                "http://loadlab-service.loadlab.svc.cluster.local:8080/api/{variant}").targetFor("async"))
                .isEqualTo("http://loadlab-service.loadlab.svc.cluster.local:8080/api/async");
        assertThatThrownBy(() -> parse("--point", "async-c8-1", "--target", "http://10.1.2.3:8080/api/async")
                .targetFor("async")).isInstanceOf(LabException.class)
                .hasMessageContaining("neither a loopback address nor a Kubernetes service name")
                .hasMessageContaining("--allow-remote");
        assertThatThrownBy(() -> parse("--point", "async-c8-1", "--target", "http://loadlab-service:8080/api/async")
                .targetFor("async")).isInstanceOf(LabException.class);
        assertThat(parse("--point", "async-c8-1", "--allow-remote", "--target", "http://10.1.2.3:8080/api/async")
                .targetFor("async")).isEqualTo("http://10.1.2.3:8080/api/async");
    }

    @Test
    void several_injectors_must_be_told_how_to_start_together() {
        assertThat(Lab.run("inject", "--point", "async-c8-1", "--of", "2", "--index", "1", "--target",
                "http://127.0.0.1:1/api/async")).isEqualTo(2);
    }

    @Test
    void the_index_defaults_to_the_kubernetes_completion_index_or_zero() {
        InjectCommand command = parse("--point", "async-c8-1", "--target", "http://127.0.0.1:1/api/async");
        String fromEnv = System.getenv("JOB_COMPLETION_INDEX");
        assertThat(command.index).isEqualTo(fromEnv == null ? 0 : Integer.parseInt(fromEnv));
    }
}
