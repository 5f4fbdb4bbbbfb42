package dev.loadlab.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Classic thread-per-request: the whole request runs on a bounded pool of platform threads that make
 * blocking, sequential upstream calls. The request's own virtual thread only submits and waits. A full
 * queue is answered at once with 503.
 */
public final class BlockingSunApi implements SunApi, AutoCloseable {
    private final Upstreams upstreams;
    private final Reports reports;
    private final ThreadPoolExecutor pool;

    BlockingSunApi(Upstreams upstreams, Reports reports, int poolSize, int queueSize) {
        this.upstreams = upstreams;
        this.reports = reports;
        BlockingQueue<Runnable> queue = queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize);
        this.pool = new ThreadPoolExecutor(poolSize, poolSize, 0L, TimeUnit.MILLISECONDS, queue,
                                           Thread.ofPlatform().name("blocking-pool-", 1).daemon(true).factory(),
                                           new ThreadPoolExecutor.AbortPolicy());
        this.pool.prestartAllCoreThreads();
    }

    @Override
    public SunReport sun(Query query) {
        return onPool(() -> sunChain(query));
    }

    @Override
    public WeatherReport weather(Query query) {
        return onPool(() -> weatherCall(query));
    }

    @Override
    public CityReport city(Query query) {
        return onPool(() -> {
            SunReport sun = sunChain(query);
            WeatherReport weather = weatherCall(query);
            return reports.city(query, sun, weather);
        });
    }

    int activeThreads() {
        return pool.getActiveCount();
    }

    int queueDepth() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    private SunReport sunChain(Query query) {
        Location location = upstreams.location(query);
        SunTimes sun = upstreams.sun(location);
        return reports.sun(query, location, sun);
    }

    private WeatherReport weatherCall(Query query) {
        return reports.weather(query, upstreams.weather(query));
    }

    private <T> T onPool(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new OverloadedException("blocking pool busy: " + pool.getMaximumPoolSize() + " threads, "
                                                  + pool.getQueue().size() + " queued");
        }
        return Futures.await(result);
    }
}
