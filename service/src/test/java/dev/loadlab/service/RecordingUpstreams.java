package dev.loadlab.service;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Decorator that records which thread made each upstream call.
 */
final class RecordingUpstreams implements Upstreams {
    record Call(Upstream upstream, String threadName, boolean virtual) {
    }

    private final Upstreams delegate;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    RecordingUpstreams(Upstreams delegate) {
        this.delegate = delegate;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }

    @Override
    public Location location(Query query) {
        return record(Upstream.LOCATION, () -> delegate.location(query));
    }

    @Override
    public SunTimes sun(Location location) {
        return record(Upstream.SUN, () -> delegate.sun(location));
    }

    @Override
    public Weather weather(Query query) {
        return record(Upstream.WEATHER, () -> delegate.weather(query));
    }

    private <T> T record(Upstream upstream, Supplier<T> call) {
        Thread t = Thread.currentThread();
        calls.add(new Call(upstream, t.getName(), t.isVirtual()));
        return call.get();
    }
}
