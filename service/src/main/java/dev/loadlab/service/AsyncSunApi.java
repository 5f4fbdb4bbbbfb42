package dev.loadlab.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asynchronous composition: each independent chain of upstream calls is started on its own virtual thread
 * with {@code supplyAsync}; a dependent call ({@code sun} needs the location) is chained with
 * {@code thenApplyAsync} on the same executor; independent chains are joined with {@code thenCombine}
 * ({@link ComposedSunApi}). The request's thread waits only for the final future and never makes an upstream call
 * itself.
 *
 * <p>Why not the cheaper {@code thenApply}: when the location has already arrived by the time the stage is
 * attached, {@code thenApply} runs the sun call on the attaching thread, the request's own.
 */
public final class AsyncSunApi extends ComposedSunApi implements AutoCloseable {
    private final Upstreams upstreams;
    private final ExecutorService io;

    AsyncSunApi(Upstreams upstreams, Reports reports) {
        super(reports);
        this.upstreams = upstreams;
        this.io = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("async-io-", 1).factory());
    }

    @Override
    public void close() {
        io.shutdown();
    }

    @Override
    CompletableFuture<SunReport> sunChain(Query query) {
        return CompletableFuture.supplyAsync(() -> upstreams.location(query), io)
                .thenApplyAsync(location -> reports.sun(query, location, upstreams.sun(location)), io);
    }

    @Override
    CompletableFuture<WeatherReport> weatherCall(Query query) {
        return CompletableFuture.supplyAsync(() -> upstreams.weather(query), io)
                .thenApply(weather -> reports.weather(query, weather));
    }
}
