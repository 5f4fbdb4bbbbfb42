package dev.loadlab.lab.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadlab.stubs.MappedUpstream;
import dev.loadlab.stubs.StubConfig;
import dev.loadlab.stubs.StubUpstreams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a real upstream (a JDK HttpServer on loopback) and replaying the recording as a mapped upstream. */
class UpstreamRecorderTest {

    static final String PRICE = "{\"sku\":\"A100\",\"price\":12.5,\"currency\":\"EUR\"}";
    static final String CATALOG = "{\"items\":[" + "{\"sku\":\"A100\",\"name\":\"a part with a long name\"},".repeat(40)
            + "{\"sku\":\"Z999\"}]}";
    static final int UPSTREAM_DELAY_MS = 20;

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private HttpServer upstream;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = startUpstream(UPSTREAM_DELAY_MS);
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void records_one_mapping_per_request_and_one_latency_per_proxied_request_then_replays_them() throws Exception {
        UpstreamRecorder recorder = UpstreamRecorder.start("pricing", url(upstream), dir.resolve("pricing"));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> proxied = get(recorder.url() + "/prices/A100");
            assertThat(proxied.statusCode()).isEqualTo(200);
            assertThat(proxied.body()).isEqualTo(PRICE);
        }
        assertThat(get(recorder.url() + "/catalog").body()).isEqualTo(CATALOG);

        UpstreamRecorder.Result result = recorder.stop();

        Path folder = dir.resolve("pricing");
        assertThat(result.mappings()).as("one mapping per distinct request").isEqualTo(2);
        List<Path> mappingFiles = files(folder.resolve("mappings"));
        assertThat(mappingFiles).hasSize(2);
        for (Path file : mappingFiles) {
            StubMapping mapping = Json.read(Files.readString(file), StubMapping.class); // WireMock's own reader
            assertThat(mapping.getResponse().getStatus()).isEqualTo(200);
            assertThat(mapping.getResponse().getHeaders().getContentTypeHeader().mimeTypePart())
                    .isEqualTo("application/json");
        }
        assertThat(files(folder.resolve("__files"))).as("the catalog body is over 1 KB: in a file").hasSize(1);

        RecordedLatencies latencies = RecordedLatencies.read(folder.resolve(RecordedLatencies.FILE));
        assertThat(latencies).isEqualTo(result.latencies());
        assertThat(latencies.upstream()).isEqualTo("pricing");
        assertThat(latencies.target()).isEqualTo(url(upstream));
        assertThat(latencies.count()).isEqualTo(5);
        assertThat(latencies.samplesMs()).hasSize(5).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(UPSTREAM_DELAY_MS));
        assertThat(result.yamlSnippet()).isEqualTo("pricing: {mappings: " + folder + ", latency: {profile: empirical,"
                + " samplesFile: " + folder.resolve("latencies.json") + "}}");

        upstream.stop(0); // the fake answers alone
        MappedUpstream fake = new MappedUpstream("pricing", folder.toString(),
                MappedUpstream.Latency.empirical(latencies.samplesMs()), null);
        try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().mappedUpstreams(List.of(fake)).build())) {
            HttpResponse<String> replayed = get(stubs.mappedUrl("pricing") + "/prices/A100");
            assertThat(replayed.statusCode()).isEqualTo(200);
            assertThat(replayed.body()).isEqualTo(PRICE);
            assertThat(replayed.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(get(stubs.mappedUrl("pricing") + "/catalog").body()).isEqualTo(CATALOG);
        }
    }

    @Test
    void a_recording_without_requests_has_no_mappings_and_no_samples() throws IOException {
        UpstreamRecorder recorder = UpstreamRecorder.start("pricing", url(upstream), dir.resolve("pricing"));

        UpstreamRecorder.Result result = recorder.stop();

        assertThat(result.mappings()).isZero();
        assertThat(result.latencies().samplesMs()).isEmpty();
        assertThat(files(dir.resolve("pricing/mappings"))).isEmpty();
        assertThat(recorder.stop()).as("stop is idempotent").isSameAs(result);
    }

    /** A real upstream: {@code /prices/A100} and {@code /catalog} answer JSON after {@code delayMs}. */
    static HttpServer startUpstream(int delayMs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prices/A100", exchange -> answer(exchange, PRICE, delayMs));
        server.createContext("/catalog", exchange -> answer(exchange, CATALOG, delayMs));
        server.start();
        return server;
    }

    static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static HttpResponse<String> get(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void answer(HttpExchange exchange, String body, int delayMs) throws IOException {
        try {
            Thread.sleep(delayMs); // the upstream's own latency, which the recorder measures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
