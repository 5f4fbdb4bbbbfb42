package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The process entry point and its options: real child JVMs for the ready line and exit codes. */
class StubUpstreamsMainTest {
    private static final Pattern READY = Pattern.compile(
            "ready location=(http://127\\.0\\.0\\.1:(\\d+))/location sun=\\1/sun weather=\\1/weather admin=\\1/__admin");

    @Test
    void process_prints_the_ready_line_then_serves_until_killed() throws Exception {
        Process process = java("--port", "0", "--latency-ms", "5", "--fault", "weather:http500=1");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).matches(READY);
            Matcher m = READY.matcher(line);
            assertThat(m.matches()).isTrue();
            String base = m.group(1);

            assertThat(Http.get(base + "/location/us/97201").statusCode()).isEqualTo(200);
            assertThat(Http.get(base + "/weather/data/2.5/weather?zip=97201,us").statusCode()).isEqualTo(500);
            assertThat(Http.json(Http.get(base + "/__admin/loadlab/config").body()).get("latencyMs").get("sun").asInt()).isEqualTo(5);

            process.toHandle().destroy(); // SIGTERM (unlike Process.destroy, keeps our pipes open): the shutdown hook stops the server
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(out.readLine()).as("nothing printed after the ready line").isNull();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void process_rejects_bad_options_with_one_line_and_exit_code_2() throws Exception {
        Process process = java("--latency-ms", "fast");
        try {
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            List<String> err = lines(process.getErrorStream().readAllBytes());
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(err).containsExactly("stub-upstreams: --latency-ms 'fast' is not a whole number: use e.g. --latency-ms 100");
            assertThat(process.getInputStream().readAllBytes()).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void process_with_an_invalid_mapping_file_exits_2_with_one_line_naming_it(@TempDir Path dir) throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("pricing/mappings"));
        Files.writeString(mappings.resolve("price.json"), "{\"request\": {\"url\": \"/prices\"}, \"response\": {\"status\": 200,, }}");
        Path file = dir.resolve("mapped-upstreams.json");
        MappedUpstream.write(file, List.of(new MappedUpstream("pricing", mappings.getParent().toString(), null, null)));

        Process process = java("--mapped-upstreams", file.toString());
        try {
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            List<String> err = lines(process.getErrorStream().readAllBytes());
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(err).containsExactly("stub-upstreams: upstream pricing: mappings/price.json is not valid WireMock JSON"
                                                    + " (line 1, column 60: Unexpected character (',' (code 44)): was expecting"
                                                    + " double-quote to start field name): fix the file or re-record it");
            assertThat(process.getInputStream().readAllBytes()).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void parses_every_option() throws Exception {
        StubConfig c = StubCli.parse("--host", "127.0.0.1", "--port=8089", "--latency-ms", "50", "--sun-latency-ms", "70",
                                     "--location-latency-ms", "60", "--weather-latency-ms", "80", "--profile", "lognormal",
                                     "--sigma", "0.3", "--spread-ms", "9", "--fault", "sun:http503=0.05",
                                     "--fault", "sun:reset=0.01", "--fault", "location:slow=0.1", "--slow-ms", "20000",
                                     "--async-threads", "8", "--container-threads", "32", "--accept-queue-size", "512")
                .orElseThrow();

        assertThat(c.port()).isEqualTo(8089);
        assertThat(c.latencyMs(Api.LOCATION)).isEqualTo(60);
        assertThat(c.latencyMs(Api.SUN)).isEqualTo(70);
        assertThat(c.latencyMs(Api.WEATHER)).isEqualTo(80);
        assertThat(c.profile()).isEqualTo(LatencyProfile.LOGNORMAL);
        assertThat(c.sigma()).isEqualTo(0.3);
        assertThat(c.spreadMs()).isEqualTo(9);
        assertThat(c.faults(Api.SUN).share(FaultKind.HTTP503)).isEqualTo(0.05);
        assertThat(c.faults(Api.SUN).share(FaultKind.RESET)).isEqualTo(0.01);
        assertThat(c.faults(Api.LOCATION).share(FaultKind.SLOW)).isEqualTo(0.1);
        assertThat(c.slowMs()).isEqualTo(20_000);
        assertThat(c.asyncThreads()).isEqualTo(8);
        assertThat(c.containerThreads()).isEqualTo(32);
        assertThat(c.acceptQueueSize()).isEqualTo(512);
        assertThat(StubCli.parse("--latency-ms", "50").orElseThrow().latencyMs(Api.SUN)).isEqualTo(50);
        assertThat(StubCli.parse("--help")).isEmpty();
        assertThat(StubCli.parse()).contains(StubConfig.defaults());
    }

    @Test
    void rejects_bad_options_naming_the_problem_and_the_fix() {
        assertThatThrownBy(() -> StubCli.parse("--bogus", "1")).hasMessageContaining("unknown option '--bogus'").hasMessageContaining("--help");
        assertThatThrownBy(() -> StubCli.parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> StubCli.parse("--profile", "normal")).hasMessageContaining("use fixed, seed, lognormal or uniform");
        assertThatThrownBy(() -> StubCli.parse("--fault", "sun=0.1")).hasMessageContaining("API:KIND=SHARE");
        assertThatThrownBy(() -> StubCli.parse("--fault", "moon:http500=0.1")).hasMessageContaining("use location, sun or weather");
        assertThatThrownBy(() -> StubCli.parse("--fault", "sun:teapot=0.1")).hasMessageContaining("use http500, http503, reset, malformed or slow");
        assertThatThrownBy(() -> StubCli.parse("--fault", "sun:reset=2")).hasMessageContaining("0 to 1");
        assertThatThrownBy(() -> StubCli.parse("--sun-latency-ms", "-5")).hasMessageContaining("sun latency -5 ms is out of range");
        assertThatThrownBy(() -> StubCli.parse("extra")).hasMessageContaining("unexpected argument 'extra'");
    }

    private static Process java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Xmx128m");
        command.add(StubUpstreamsMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
