package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void the_index_is_the_one_given() {
        assertThat(parse("--point", "async-c8-1", "--index", "1", "--target", "http://127.0.0.1:1/api/async").index)
                .isEqualTo(1);
    }

    @Test
    void the_index_defaults_to_zero_outside_an_indexed_job() {
        assumeTrue(System.getenv("JOB_COMPLETION_INDEX") == null, "JOB_COMPLETION_INDEX is set in this environment");

        assertThat(parse("--point", "async-c8-1", "--target", "http://127.0.0.1:1/api/async").index).isZero();
    }

    @Test
    void the_index_defaults_to_the_kubernetes_completion_index(@TempDir Path dir) throws Exception {
        // the default is read from the environment at parse time: parse in a JVM whose environment sets it
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(Jvm.java(), "-cp", System.getProperty("java.class.path"),
                PrintIndex.class.getName(), "--point", "async-c8-1", "--target", "http://127.0.0.1:1/api/async")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JOB_COMPLETION_INDEX", "3");
        Process child = builder.start();
        try {
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(output).content().isEqualTo("index 3");
    }

    /** Prints the index an injector parses from its arguments, in a JVM with {@code JOB_COMPLETION_INDEX=3}. */
    static final class PrintIndex {
        public static void main(String[] args) {
            System.out.print("index " + parse(args).index);
        }
    }
}
