package dev.loadlab.lab.record;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.common.Timing;
import com.github.tomakehurst.wiremock.recording.SnapshotRecordResult;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records one real upstream with WireMock's recorder: a WireMock server on a free loopback port proxies every request
 * to the target and, when stopped, writes what came back as WireMock stub mappings ({@code folder/mappings/*.json},
 * bodies over 1 KB in {@code folder/__files/}) and the upstream's latency per request ({@code folder/latencies.json}).
 * The folder is then a mapped upstream as it is ({@code MappedUpstream}).
 *
 * <p>Recording spec: one mapping per distinct request (repeats are not turned into WireMock scenarios, which
 * would make the fake's answer depend on how many requests came before it, and serialise them under load); requests
 * are matched on method and URL only; response headers are kept as the upstream sent them (Content-Type included)
 * except Content-Encoding, Content-Length and Transfer-Encoding, which WireMock's recorder drops.
 */
public final class UpstreamRecorder implements AutoCloseable {

    /** Bodies longer than this go to {@code __files/}; shorter ones stay in the mapping, readable. */
    static final long EXTRACT_BODIES_OVER_BYTES = 1024;
    private static final String WARM_UP_PATH = "/__loadlab-warm-up";
    private static final int WARM_UP_REQUESTS = 5;

    private final String name;
    private final String target;
    private final Path folder;
    private final WireMockServer server;
    private Result result;

    private UpstreamRecorder(String name, String target, Path folder, WireMockServer server) {
        this.name = name;
        this.target = target;
        this.folder = folder;
        this.server = server;
    }

    /**
     * Starts proxying and recording.
     *
     * @param folder where the recording goes; created, must be new or empty (the caller checks)
     */
    public static UpstreamRecorder start(String name, String target, Path folder) {
        try {
            Files.createDirectories(folder.resolve("mappings"));
            Files.createDirectories(folder.resolve("__files"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        // the request journal stays on (WireMock's default): the recorder turns its serve events into mappings,
        // and their timing is the latency of each proxied request
        WireMockServer server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .usingFilesUnderDirectory(folder.toString())
                .notifier(new ConsoleNotifier("record " + name, false)));
        server.start();
        try {
            warmUp(server);
            server.startRecording(WireMock.recordSpec()
                    .forTarget(target)
                    .extractTextBodiesOver(EXTRACT_BODIES_OVER_BYTES)
                    .extractBinaryBodiesOver(EXTRACT_BODIES_OVER_BYTES)
                    .ignoreRepeatRequests()
                    .makeStubsPersistent(true));
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return new UpstreamRecorder(name, target, folder, server);
    }

    /**
     * Sends a few requests through the proxy path to the server's own admin API, then forgets them: the first
     * request a WireMock proxy serves in a fresh JVM takes tens of ms more (60 to 90 ms more on a 2-core machine:
     * its HTTP client and classes load), which would otherwise be recorded as the upstream's latency.
     */
    private static void warmUp(WireMockServer server) {
        String self = "http://127.0.0.1:" + server.port();
        StubMapping loop = server.stubFor(WireMock.get(WireMock.urlPathEqualTo(WARM_UP_PATH)).willReturn(
                WireMock.aResponse().proxiedFrom(self + "/__admin/health").withProxyUrlPrefixToRemove(WARM_UP_PATH)));
        HttpClient client = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
                client.send(HttpRequest.newBuilder(URI.create(self + WARM_UP_PATH)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (IOException e) {
            // a cold first sample is a nuisance, not a failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
            server.removeStub(loop);
            server.resetRequests();
        }
    }

    public String name() {
        return name;
    }

    public String target() {
        return target;
    }

    /** Where to send the requests: {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Stops recording, writes the mappings and {@code latencies.json}, and stops the proxy. Idempotent.
     */
    public synchronized Result stop() {
        if (result != null) {
            return result;
        }
        try {
            SnapshotRecordResult snapshot = server.stopRecording(); // persists the mappings and extracted bodies
            List<Double> samples = latenciesMs(server.getAllServeEvents());
            RecordedLatencies latencies = RecordedLatencies.of(name, target, samples);
            latencies.write(folder);
            result = new Result(name, target, folder, snapshot.getStubMappings().size(), latencies);
            return result;
        } finally {
            server.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The upstream's latency of each proxied request, oldest first: WireMock's {@link Timing#getProcessTime()}, which
     * for a proxied request is the time from the matched proxy mapping to the upstream's whole response read
     * (connecting included when the proxy opened a new connection). Not {@code serveTime} or {@code totalTime}: those
     * add the time to send the answer on to the client.
     */
    static List<Double> latenciesMs(List<ServeEvent> newestFirst) {
        List<Double> samples = new ArrayList<>();
        for (ServeEvent event : newestFirst.reversed()) {
            Integer ms = event.getTiming().getProcessTime();
            if (event.getResponseDefinition().isProxyResponse() && ms != null) {
                samples.add(ms.doubleValue());
            }
        }
        return samples;
    }

    /**
     * What one recording wrote.
     *
     * @param mappings  mapping files written (one per distinct request)
     * @param latencies what {@code latencies.json} holds
     */
    public record Result(String name, String target, Path folder, int mappings, RecordedLatencies latencies) {

        /** The scenario YAML that makes this recording a fake upstream with the latencies measured. */
        public String yamlSnippet() {
            return name + ": {mappings: " + folder + ", latency: {profile: empirical, samplesFile: "
                    + folder.resolve(RecordedLatencies.FILE) + "}}";
        }
    }
}
