package dev.loadlab.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * The service as production wires it ({@link Main#routing}), on port 0, against WireMock upstreams,
 * with a recording decorator around the real upstream clients (blocking and non-blocking) and a fixed clock.
 */
final class TestService implements AutoCloseable {
    /** 2025-01-15, a winter day: Los Angeles is UTC-8. */
    static final Clock WINTER_DAY = Clock.fixed(Instant.parse("2025-01-15T20:00:00Z"), ZoneOffset.UTC);

    private final WebServer server;
    private final RecordingUpstreams upstreams;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TestService(WebServer server, RecordingUpstreams upstreams) {
        this.server = server;
        this.upstreams = upstreams;
    }

    static TestService start(WireMockExtension location, WireMockExtension sun, WireMockExtension weather) {
        return start(location, sun, weather, Map.of());
    }

    static TestService start(WireMockExtension location,
                             WireMockExtension sun,
                             WireMockExtension weather,
                             Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("upstreams.location.base-url", UpstreamFixtures.baseUrl(location, Upstream.LOCATION));
        values.put("upstreams.sun.base-url", UpstreamFixtures.baseUrl(sun, Upstream.SUN));
        values.put("upstreams.weather.base-url", UpstreamFixtures.baseUrl(weather, Upstream.WEATHER));
        values.putAll(overrides);
        Config config = Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        ServiceSettings settings = ServiceSettings.from(config);
        ServiceMetrics metrics = new ServiceMetrics(Metrics.globalRegistry());
        RecordingUpstreams recording = new RecordingUpstreams();
        SunService service = SunService.create(settings,
                                               recording.blocking(HttpUpstreams.create(settings, metrics)),
                                               recording.nonBlocking(EventLoopUpstreams.create(settings, metrics)),
                                               WINTER_DAY, metrics);
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .port(0)
                .shutdownHook(false)
                .directHandlers(Main.jsonDirectHandlers())
                .routing(routing -> Main.routing(routing, service))
                .build()
                .start();
        return new TestService(server, recording);
    }

    RecordingUpstreams upstreams() {
        return upstreams;
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #get} from a virtual thread of its own (the common pool may have a single thread on 2 cores). */
    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        CompletableFuture<HttpResponse<String>> response = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                response.complete(get(path));
            } catch (Throwable e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }

    void stop() {
        server.stop();
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
        http.close();
    }
}
