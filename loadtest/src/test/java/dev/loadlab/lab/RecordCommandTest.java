package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loadlab.lab.run.LabException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./lab record}: its checks, and a whole recording stopped by Enter. */
class RecordCommandTest {

    private static final Pattern PROXY_LINE = Pattern.compile(
            "record pricing: send requests to (http://127\\.0\\.0\\.1:\\d+) \\(proxying http://127\\.0\\.0\\.1:\\d+\\)");

    @TempDir
    Path dir;

    @Test
    void is_a_lab_command() {
        assertThat(new CommandLine(new Lab()).getSubcommands()).containsKey("record");
    }

    @Test
    void refuses_an_upstream_that_is_not_loopback_without_allow_remote() {
        Run run = run(InputStream.nullInputStream(), "--upstream", "pricing=https://api.example.com/v1", "--out",
                dir.toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err.lines()).containsExactly("lab: --upstream pricing points at api.example.com, which is not a"
                + " loopback address: record only what you own; add --allow-remote if you really mean it");
        assertThat(dir.resolve("pricing")).doesNotExist();
        assertThatThrownBy(() -> RecordCommand.targets(List.of("pricing=http://10.0.0.5:9000"), false))
                .isInstanceOf(LabException.class).hasMessageContaining("not a loopback address");
        assertThat(RecordCommand.targets(List.of("pricing=https://api.example.com/v1/"), true))
                .containsEntry("pricing", "https://api.example.com/v1");
    }

    @Test
    void refuses_bad_input_with_one_line_naming_the_fix() throws IOException {
        Files.createDirectories(dir.resolve("pricing/mappings"));

        assertThat(run(InputStream.nullInputStream(), "--out", dir.toString()).err.lines()).containsExactly(
                "lab: nothing to record: give --upstream NAME=URL, e.g. --upstream pricing=http://127.0.0.1:9000");
        assertThatThrownBy(() -> RecordCommand.targets(List.of("pricing"), false))
                .hasMessage("--upstream 'pricing' is not NAME=URL: use e.g. --upstream pricing=http://127.0.0.1:9000");
        assertThatThrownBy(() -> RecordCommand.targets(List.of("Pricing=http://127.0.0.1:9000"), false))
                .hasMessageContaining("upstream name 'Pricing' is not allowed");
        assertThatThrownBy(() -> RecordCommand.targets(List.of("sun=http://127.0.0.1:9000"), false))
                .hasMessageContaining("taken by the stub's built-in API");
        assertThatThrownBy(() -> RecordCommand.targets(List.of("a=http://127.0.0.1:1", "a=http://127.0.0.1:2"), false))
                .hasMessageContaining("--upstream a is given twice");
        assertThatThrownBy(() -> RecordCommand.targets(List.of("a=ftp://127.0.0.1/x"), false))
                .hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> RecordCommand.outFolder(dir, List.of("pricing")))
                .hasMessage(dir.resolve("pricing") + " exists and is not empty: record into another --out folder, or"
                        + " delete it first (recordings are never overwritten)");
        assertThat(RecordCommand.outFolder(dir, List.of("inventory"))).isEqualTo(dir.toAbsolutePath());
        assertThatThrownBy(() -> RecordCommand.outFolder(null, List.of("pricing"))).hasMessageContaining("give --out DIR");
        assertThatThrownBy(() -> RecordCommand.duration("11m")).hasMessageContaining("at most 10m");
        assertThatThrownBy(() -> RecordCommand.duration("soon")).hasMessageContaining("--duration 'soon' is not a duration");
        assertThat(RecordCommand.duration("30s").toSeconds()).isEqualTo(30);
    }

    @Test
    void records_until_enter_and_prints_the_scenario_snippet() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/prices/A100", exchange -> {
            byte[] body = "{\"sku\":\"A100\",\"price\":12.5}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        CountDownLatch enter = new CountDownLatch(1);
        InputStream stdin = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    enter.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return '\n';
            }
        };
        LineWatcher out = new LineWatcher(PROXY_LINE);
        try {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Lab.run(
                    command(stdin, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)),
                    "--upstream", "pricing=http://127.0.0.1:" + upstream.getAddress().getPort(), "--out", dir.toString(),
                    "--duration", "2m"));

            String proxy = out.awaitMatch().group(1);
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy + "/prices/A100")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.body()).isEqualTo("{\"sku\":\"A100\",\"price\":12.5}");
            }
            enter.countDown();

            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            Path folder = dir.toAbsolutePath().resolve("pricing");
            assertThat(out.text()).containsPattern("record pricing: 1 mappings, 3 latency samples, mean \\d+\\.\\d ms -> "
                    + Pattern.quote(folder.toString()));
            assertThat(out.text()).contains("  scenario: pricing: {mappings: " + folder + ", latency: {profile: empirical,"
                    + " samplesFile: " + folder.resolve("latencies.json") + "}}");
            assertThat(folder.resolve("latencies.json")).exists();
        } finally {
            enter.countDown();
            upstream.stop(0);
        }
    }

    @Test
    void stops_when_stdin_closes_and_says_when_nothing_was_recorded() {
        Run run = run(new ByteArrayInputStream(new byte[0]), "--upstream", "pricing=http://127.0.0.1:9", "--out",
                dir.toString(), "--duration", "1m");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.out).containsPattern(PROXY_LINE)
                .contains("record pricing: nothing came through, nothing recorded: send requests to the printed URL"
                        + " while recording");
    }

    private static CommandLine command(InputStream stdin, PrintWriter out, PrintWriter err) {
        return new CommandLine(new RecordCommand(stdin)).setOut(out).setErr(err);
    }

    private static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Lab.run(command(stdin, new PrintWriter(out, true), new PrintWriter(err, true)), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }

    /** Collects what the command prints and tells when a line matches. */
    private static final class LineWatcher extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final Pattern pattern;
        private final CompletableFuture<Matcher> match = new CompletableFuture<>();

        LineWatcher(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            text.append(buffer, offset, length);
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                match.complete(m);
            }
        }

        synchronized String text() {
            return text.toString();
        }

        Matcher awaitMatch() throws Exception {
            return match.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
