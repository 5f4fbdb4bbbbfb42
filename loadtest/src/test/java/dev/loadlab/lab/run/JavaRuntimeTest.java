package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every JVM the lab starts gets only options its own JDK knows, whatever JDK the lab itself runs on. */
class JavaRuntimeTest {

    @TempDir
    Path jdks;

    private static final List<String> LOADGEN_ARGS = List.of("-XX:TieredStopAtLevel=1");

    private static List<String> gatlingCommand(JavaRuntime runtime) {
        return GatlingPoint.command(runtime, "loadtest.jar", "dev.loadlab.simulations.ClosedModelSimulation",
                Map.of("loadlab.levels", "16"), Path.of("/run/points/async-c16-1/gatling-raw"), "async-c16-1",
                LOADGEN_ARGS);
    }

    @Test
    void a_gatling_jvm_on_jdk_21_gets_no_option_that_only_jdk_23_knows() {
        JavaRuntime jdk21 = new JavaRuntime(Path.of("/opt/jdk-21"), 21);

        assertThat(gatlingCommand(jdk21)).containsExactly("/opt/jdk-21/bin/java", "-Xms256m", "-Xmx1g",
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-cp", "loadtest.jar", "-Dloadlab.levels=16", "io.gatling.app.Gatling",
                "-s", "dev.loadlab.simulations.ClosedModelSimulation", "-rf", "/run/points/async-c16-1/gatling-raw",
                "-rd", "async-c16-1");
    }

    @Test
    void a_gatling_jvm_on_jdk_25_allows_unsafe_memory_access_so_netty_runs_without_warnings() {
        JavaRuntime jdk25 = new JavaRuntime(Path.of("/opt/jdk-25"), 25);

        assertThat(gatlingCommand(jdk25)).containsExactly("/opt/jdk-25/bin/java", "-Xms256m", "-Xmx1g",
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1", "-cp", "loadtest.jar",
                "-Dloadlab.levels=16", "io.gatling.app.Gatling", "-s", "dev.loadlab.simulations.ClosedModelSimulation",
                "-rf", "/run/points/async-c16-1/gatling-raw", "-rd", "async-c16-1");
    }

    @Test
    void the_unsafe_memory_access_option_appears_exactly_from_jdk_23() {
        assertThat(new JavaRuntime(Path.of("/j"), 22).gatlingOptions())
                .noneMatch(o -> o.startsWith("--sun-misc-unsafe-memory-access"));
        assertThat(new JavaRuntime(Path.of("/j"), 23).gatlingOptions())
                .contains("--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void the_stub_and_service_jvms_run_on_the_launched_jdk_with_options_jdk_21_knows() {
        JavaRuntime jdk21 = new JavaRuntime(Path.of("/opt/jdk-21"), 21);

        assertThat(EmbeddedSystem.stubCommand(jdk21, Path.of("stubs.jar"), List.of("--latency-ms", "50")))
                .containsExactly("/opt/jdk-21/bin/java", "-Xmx1g", "-XX:-StackTraceInThrowable", "-jar", "stubs.jar",
                        "--host", "127.0.0.1", "--port", "0", "--latency-ms", "50");
        assertThat(EmbeddedSystem.serviceCommand(jdk21, Path.of("service.jar"),
                Map.of("sun", "http://127.0.0.1:1/sun"), Map.of("blocking.pool-size", "16"),
                List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError")))
                .containsExactly("/opt/jdk-21/bin/java", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                        "-Dserver.host=127.0.0.1", "-Dserver.port=0", "-Dmanagement.port=0",
                        "-Dupstreams.sun.base-url=http://127.0.0.1:1/sun",
                        "-Dblocking.pool-size=16", "-jar", "service.jar");
    }

    @Test
    void the_version_comes_from_the_launched_jdk_release_file() throws IOException {
        Path jdk21 = fakeJdk("jdk-21", "JAVA_VERSION=\"21.0.5\"");
        Path jdk25 = fakeJdk("jdk-25", "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25\"\n");

        assertThat(JavaRuntime.at(jdk21)).isEqualTo(new JavaRuntime(jdk21, 21));
        assertThat(JavaRuntime.at(jdk25).feature()).isEqualTo(25);
        assertThat(JavaRuntime.at(jdk21).java()).isEqualTo(jdk21.resolve("bin/java").toString());
    }

    @Test
    void a_jdk_below_the_floor_is_refused_with_the_fix() throws IOException {
        Path jdk17 = fakeJdk("jdk-17", "JAVA_VERSION=\"17.0.13\"");

        assertThatThrownBy(() -> JavaRuntime.at(jdk17)).isInstanceOf(LabException.class)
                .hasMessageContaining("JDK 17").hasMessageContaining("needs JDK 21 or newer")
                .hasMessageContaining("JAVA_HOME");
    }

    @Test
    void without_a_release_file_the_launcher_is_asked() throws IOException {
        // a home with no release file whose launcher is the JDK running this test
        Path bare = jdks.resolve("no-release");
        Files.createDirectories(bare.resolve("bin"));
        Files.createSymbolicLink(bare.resolve("bin").resolve("java"),
                Path.of(System.getProperty("java.home"), "bin", "java"));

        assertThat(JavaRuntime.at(bare).feature()).isEqualTo(Runtime.version().feature());
    }

    @Test
    void versions_of_every_shape_give_their_feature_release() {
        assertThat(JavaRuntime.feature("21.0.5")).isEqualTo(21);
        assertThat(JavaRuntime.feature("25")).isEqualTo(25);
        assertThat(JavaRuntime.feature("26-ea")).isEqualTo(26);
        assertThat(JavaRuntime.feature("1.8.0_392")).isEqualTo(8);
    }

    private Path fakeJdk(String name, String release) throws IOException {
        Path home = jdks.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), release);
        return home;
    }
}
