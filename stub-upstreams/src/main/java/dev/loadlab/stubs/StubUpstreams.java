package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The running stub upstreams: one embedded WireMock server serving the location, sun and weather fakes.
 *
 * <pre>{@code
 * try (StubUpstreams stubs = StubUpstreams.start(StubConfig.builder().latencyMs(50).build())) {
 *     URI sun = URI.create(stubs.sunUrl() + "/json?lat=45.5&lng=-122.6&date=today");
 * }
 * }</pre>
 */
public final class StubUpstreams implements AutoCloseable {
    private static final List<FakeApi> APIS = List.of(new LocationApi(), new SunApi(), new WeatherApi());
    static final String NO_ROUTE_BODY = "{\"message\":\"no such route on the stub upstreams\"}";
    private static final int NO_ROUTE_PRIORITY = 100;

    private final WireMockServer server;
    private final ConfigHolder holder;
    private final FaultCounts injected;
    private final String baseUrl;

    private StubUpstreams(WireMockServer server, ConfigHolder holder, FaultCounts injected, String baseUrl) {
        this.server = server;
        this.holder = holder;
        this.injected = injected;
        this.baseUrl = baseUrl;
    }

    /** Starts the server and returns once it accepts requests. */
    public static StubUpstreams start(StubConfig config) {
        ConfigHolder holder = new ConfigHolder(config);
        FaultCounts injected = new FaultCounts();
        List<ApiResponder> responders = APIS.stream().map(api -> new ApiResponder(api, holder, injected)).toList();
        Extension[] extensions = new Extension[responders.size() + 1];
        for (int i = 0; i < responders.size(); i++) {
            extensions[i] = responders.get(i);
        }
        extensions[responders.size()] = new ConfigAdminRoutes(holder, injected);

        WireMockConfiguration options = wireMockConfig()
                .bindAddress(config.host())
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(config.asyncThreads())
                .containerThreads(config.containerThreads())
                .jettyAcceptQueueSize(config.acceptQueueSize())
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .gzipDisabled(true)
                // Content-Length, as the real APIs send it: a client can then read a body in one exact
                // buffer, and no chunk framing is written or parsed
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                .notifier(new QuietNotifier())
                .extensions(extensions);
        if (config.port() == 0) {
            options.dynamicPort();
        } else {
            options.port(config.port());
        }

        WireMockServer server = new WireMockServer(options);
        server.start();
        try {
            for (int i = 0; i < APIS.size(); i++) {
                server.stubFor(APIS.get(i).route().willReturn(aResponse().withTransformers(responders.get(i).getName())));
            }
            // anything else: a plain 404 instead of WireMock's "not matched" report (which also logs an error)
            server.stubFor(any(anyUrl()).atPriority(NO_ROUTE_PRIORITY).willReturn(
                    aResponse().withStatus(404).withHeader("Content-Type", LatencyAndFaults.CONTENT_TYPE)
                            .withBody(NO_ROUTE_BODY)));
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return new StubUpstreams(server, holder, injected, "http://" + urlHost(config.host()) + ":" + server.port());
    }

    /** Base URL of the location API, e.g. {@code http://127.0.0.1:P/location}. */
    public String locationUrl() {
        return url(Api.LOCATION);
    }

    /** Base URL of the sun API, e.g. {@code http://127.0.0.1:P/sun}. */
    public String sunUrl() {
        return url(Api.SUN);
    }

    /** Base URL of the weather API, e.g. {@code http://127.0.0.1:P/weather}. */
    public String weatherUrl() {
        return url(Api.WEATHER);
    }

    /** Base URL of one API. */
    public String url(Api api) {
        return baseUrl + api.pathPrefix();
    }

    /** WireMock admin API base, e.g. {@code http://127.0.0.1:P/__admin}. */
    public String adminUrl() {
        return baseUrl + "/__admin";
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** The config in force now (including changes made through the admin route). */
    public StubConfig config() {
        return holder.get();
    }

    /**
     * Changes latency and faults while running. Server settings of {@code next} must equal those the stub started with.
     *
     * @throws IllegalArgumentException if server settings differ
     */
    public void update(StubConfig next) {
        holder.set(next);
    }

    /** Faults injected since the stub started, per API and kind (also {@code GET {admin}/loadlab/faults}). */
    public FaultCounts injectedFaults() {
        return injected;
    }

    /** Back to the config the stub started with. */
    public void reset() {
        holder.set(holder.initial());
    }

    /** The line the process prints once ready (see docs/CONTRACTS.md). */
    public String readyLine() {
        return "ready location=" + locationUrl() + " sun=" + sunUrl() + " weather=" + weatherUrl() + " admin=" + adminUrl();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
