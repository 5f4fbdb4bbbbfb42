package dev.loadlab.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asynchronous composition: each independent chain of upstream calls is started on its own virtual thread
 * with {@code supplyAsync}; a dependent call ({@code sun} needs the location) is chained with
 * {@code thenApply}, so it runs on the thread that received the location instead of paying for another
 * thread start and hand-off; independent chains are joined with {@code thenCombine}. The request's thread
 * waits only for the final future.
 */
public final class AsyncSunApi implements SunApi, AutoCloseable {
    private final Upstreams upstreams;
    private final Reports reports;
    private final ExecutorService io;

    AsyncSunApi(Upstreams upstreams, Reports reports) {
        this.upstreams = upstreams;
        this.reports = reports;
        this.io = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("async-io-", 1).factory());
    }

    @Override
    public SunReport sun(Query query) {
        return Futures.await(sunChain(query));
    }

    @Override
    public WeatherReport weather(Query query) {
        return Futures.await(weatherCall(query));
    }

    @Override
    public CityReport city(Query query) {
        return Futures.await(sunChain(query).thenCombine(weatherCall(query),
                                                         (sun, weather) -> reports.city(query, sun, weather)));
    }

    @Override
    public void close() {
        io.shutdown();
    }

    private CompletableFuture<SunReport> sunChain(Query query) {
        return CompletableFuture.supplyAsync(() -> upstreams.location(query), io)
                .thenApply(location -> reports.sun(query, location, upstreams.sun(location)));
    }

    private CompletableFuture<WeatherReport> weatherCall(Query query) {
        return CompletableFuture.supplyAsync(() -> upstreams.weather(query), io)
                .thenApply(weather -> reports.weather(query, weather));
    }
}
