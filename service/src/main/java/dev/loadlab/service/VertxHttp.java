package dev.loadlab.service;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * {@code eventloop.client=vertx}: Vert.x Web Client on one Vert.x instance with {@code eventloop.threads} Netty event
 * loops. Each upstream API has its own WebClient (the connect timeout is a client option, as in Helidon), keep-alive,
 * a pool of up to {@code eventloop.max-connections} connections; a request times out when no byte of its response
 * has arrived for the API's read timeout (Vert.x's request timeout is an idle timeout, which for the upstreams'
 * one-buffer answers is the time to the complete response). Responses complete on an event-loop thread.
 */
final class VertxHttp implements NonBlockingHttp {
    /** How long {@link #close()} waits for Vert.x to stop its threads. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Map<Upstream, WebClient> clients;
    private final Map<Upstream, Long> readTimeoutMillis;

    private VertxHttp(Vertx vertx, Map<Upstream, WebClient> clients, Map<Upstream, Long> readTimeoutMillis) {
        this.vertx = vertx;
        this.clients = clients;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    static VertxHttp create(Map<Upstream, ServiceSettings.UpstreamSettings> upstreams, ServiceSettings.EventLoopSettings settings) {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                                          .setEventLoopPoolSize(settings.threads())
                                          // an HTTP client only: no classpath files to serve, no cache dir to create
                                          .setFileSystemOptions(new FileSystemOptions()
                                                                        .setClassPathResolvingEnabled(false)
                                                                        .setFileCachingEnabled(false)));
        Map<Upstream, WebClient> clients = new EnumMap<>(Upstream.class);
        Map<Upstream, Long> readTimeoutMillis = new EnumMap<>(Upstream.class);
        upstreams.forEach((upstream, api) -> {
            clients.put(upstream, WebClient.create(vertx, options(api), new PoolOptions().setHttp1MaxSize(settings.maxConnections())));
            readTimeoutMillis.put(upstream, api.readTimeout().toMillis());
        });
        return new VertxHttp(vertx, clients, readTimeoutMillis);
    }

    private static WebClientOptions options(ServiceSettings.UpstreamSettings api) {
        URI base = api.baseUrl();
        boolean tls = "https".equals(base.getScheme());
        WebClientOptions options = new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                // an idle connection is closed by the same rule as the blocking clients' pool, so that it is gone
                // before a server's keep-alive timeout can close it under a request
                .setKeepAliveTimeout((int) Math.max(1, UpstreamConnections.maxIdle(api.readTimeout()).toSeconds()))
                .setPipelining(false)
                .setFollowRedirects(false)
                .setUserAgentEnabled(false)
                .setSsl(tls)
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() >= 0 ? base.getPort() : (tls ? 443 : 80));
        options.setConnectTimeout((int) api.connectTimeout().toMillis());
        return options;
    }

    @Override
    public CompletableFuture<Response> get(Upstream upstream, URI uri) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        String pathAndQuery = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        clients.get(upstream).get(pathAndQuery)
                .timeout(readTimeoutMillis.get(upstream))
                .send()
                .onComplete(answer -> response.complete(new Response(answer.statusCode(), bytes(answer.body()))),
                            response::completeExceptionally);
        return response;
    }

    private static byte[] bytes(Buffer body) {
        return body == null ? new byte[0] : body.getBytes();
    }

    @Override
    public void close() {
        clients.values().forEach(WebClient::close);
        try {
            vertx.close().await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.getLogger(VertxHttp.class.getName()).log(System.Logger.Level.WARNING, "Vert.x did not close cleanly", e);
        }
    }
}
