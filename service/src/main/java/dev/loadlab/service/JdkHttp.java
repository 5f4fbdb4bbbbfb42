package dev.loadlab.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code eventloop.client=jdk}: the JDK's {@link HttpClient#sendAsync}, HTTP/1.1, no new dependency. Each upstream API
 * has its own client (the connect timeout is a client option), and so its own selector thread, which does the
 * socket I/O; a request's timeout is the API's read timeout (the JDK measures it to the response's headers, which
 * for the upstreams' small answers arrive with the body). The JDK client has no per-host connection limit: it opens
 * a connection whenever none is idle ({@code eventloop.max-connections} does not apply), and keeps idle ones for
 * the JVM-wide {@code jdk.httpclient.keepalive.timeout}.
 *
 * <p>Threads: the JDK completes every {@code sendAsync} answer on the common {@code ForkJoinPool} itself (so that a
 * caller's stages never run on the client's executor), a few platform threads shared by the JVM; the parsing and the
 * dependent sun call run there. The client's executor runs the exchanges' own tasks (writing the request, reading
 * the response the selector found ready). Why a fixed pool of {@code eventloop.threads} platform threads for it:
 * the default executor is a cached pool that starts a new platform thread whenever all are busy, so under a burst it
 * grows towards a thread per call in flight; these tasks never block, so a small fixed pool cannot starve.
 */
final class JdkHttp implements NonBlockingHttp {
    private final ExecutorService completions;
    private final Map<Upstream, HttpClient> clients;
    private final Map<Upstream, Duration> readTimeouts;

    private JdkHttp(ExecutorService completions, Map<Upstream, HttpClient> clients, Map<Upstream, Duration> readTimeouts) {
        this.completions = completions;
        this.clients = clients;
        this.readTimeouts = readTimeouts;
    }

    static JdkHttp create(Map<Upstream, ServiceSettings.UpstreamSettings> upstreams, ServiceSettings.EventLoopSettings settings) {
        ExecutorService completions = Executors.newFixedThreadPool(
                settings.threads(), Thread.ofPlatform().name("eventloop-jdk-", 0).daemon(true).factory());
        Map<Upstream, HttpClient> clients = new EnumMap<>(Upstream.class);
        Map<Upstream, Duration> readTimeouts = new EnumMap<>(Upstream.class);
        upstreams.forEach((upstream, api) -> {
            clients.put(upstream, HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(api.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    // upstreams are reached directly, as by the blocking clients
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .executor(completions)
                    .build());
            readTimeouts.put(upstream, api.readTimeout());
        });
        return new JdkHttp(completions, clients, readTimeouts);
    }

    @Override
    public CompletableFuture<Response> get(Upstream upstream, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeouts.get(upstream)).GET().build();
        return clients.get(upstream).sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    @Override
    public void close() {
        // each client waits for its calls still running (bounded by their timeouts), which need the completion pool
        clients.values().forEach(HttpClient::close);
        completions.shutdown();
    }
}
