package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The running stub upstreams: one embedded WireMock server serving the location, sun and weather fakes, and one more
 * per mapped upstream ({@link MappedUpstream}), each on its own port.
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
    private final List<MappedUpstreamServer> mapped;
    private final ConfigHolder holder;
    private final FaultCounts injected;
    private final String baseUrl;

    private StubUpstreams(WireMockServer server, List<MappedUpstreamServer> mapped, ConfigHolder holder,
                          FaultCounts injected, String baseUrl) {
        this.server = server;
        this.mapped = mapped;
        this.holder = holder;
        this.injected = injected;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the servers and returns once they accept requests.
     *
     * @throws MappingsException if a mapped upstream's mapping files cannot be served (nothing is started then)
     */
    public static StubUpstreams start(StubConfig config) {
        config.mappedUpstreams().forEach(MappedUpstreamServer::checkMappings);
        ConfigHolder holder = new ConfigHolder(config);
        FaultCounts injected = new FaultCounts(config.mappedUpstreams().stream().map(MappedUpstream::name).toList());
        List<ApiResponder> responders = APIS.stream().map(api -> new ApiResponder(api, holder, injected)).toList();
        Extension[] extensions = new Extension[responders.size() + 1];
        for (int i = 0; i < responders.size(); i++) {
            extensions[i] = responders.get(i);
        }
        extensions[responders.size()] = new ConfigAdminRoutes(holder, injected);

        WireMockConfiguration options = tunedOptions(config, null).extensions(extensions);
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
        List<MappedUpstreamServer> mapped = new ArrayList<>();
        try {
            for (MappedUpstream upstream : config.mappedUpstreams()) {
                mapped.add(MappedUpstreamServer.start(upstream, config, holder, injected));
            }
        } catch (RuntimeException e) {
            mapped.forEach(MappedUpstreamServer::stop);
            server.stop();
            throw e;
        }
        return new StubUpstreams(server, List.copyOf(mapped), holder, injected, baseUrl(config.host(), server.port()));
    }

    /**
     * The server settings every stub server shares, as WireMock's own load harness runs a load-bearing fake:
     * asynchronous responses (a delay waits in a scheduler, not on a Jetty worker), explicit thread counts, no request
     * journal (unbounded by default), no request logging, a quiet notifier, no gzip, Content-Length bodies.
     *
     * @param source names the server in its error lines; {@code null} for the built-in one
     */
    static WireMockConfiguration tunedOptions(StubConfig config, String source) {
        return wireMockConfig()
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
                .notifier(new QuietNotifier(source));
    }

    static String baseUrl(String host, int port) {
        return "http://" + urlHost(host) + ":" + port;
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

    /**
     * Base URL of a mapped upstream, e.g. {@code http://127.0.0.1:Q}.
     *
     * @throws IllegalArgumentException if there is no mapped upstream of that name
     */
    public String mappedUrl(String name) {
        for (MappedUpstreamServer m : mapped) {
            if (m.name().equals(name)) {
                return m.url();
            }
        }
        throw new IllegalArgumentException("no mapped upstream '" + name + "' on this stub: use one of "
                                                   + mapped.stream().map(MappedUpstreamServer::name).toList());
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

    /**
     * The line the process prints once ready (see docs/CONTRACTS.md): the built-in APIs and admin, then each mapped
     * upstream as {@code name=URL}.
     */
    public String readyLine() {
        StringBuilder line = new StringBuilder("ready location=" + locationUrl() + " sun=" + sunUrl() + " weather="
                                                       + weatherUrl() + " admin=" + adminUrl());
        mapped.forEach(m -> line.append(' ').append(m.name()).append('=').append(m.url()));
        return line.toString();
    }

    @Override
    public void close() {
        mapped.forEach(MappedUpstreamServer::stop);
        server.stop();
    }

    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
