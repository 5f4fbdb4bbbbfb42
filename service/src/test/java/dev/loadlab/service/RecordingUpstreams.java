package dev.loadlab.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Decorator that records which thread made each upstream call, lets a test wait until calls have started, and
 * can hold calls (after recording them) until the test releases them, so that a request stays in flight for
 * exactly as long as the test needs instead of for an upstream delay it hopes is long enough.
 */
final class RecordingUpstreams implements Upstreams {
    record Call(Upstream upstream, String threadName, boolean virtual) {
    }

    /** Calls made while a hold is open wait for {@link #release()} (or {@link #close()}) before going upstream. */
    final class Hold implements AutoCloseable {
        /** A held call that was never released fails after this long rather than hang the build. */
        private static final Duration LIMIT = Duration.ofSeconds(30);
        private final CountDownLatch released = new CountDownLatch(1);

        void release() {
            released.countDown();
        }

        private void await() {
            try {
                if (!released.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("upstream call held for " + LIMIT + " and never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
        }

        @Override
        public void close() {
            release();
            lock.lock();
            try {
                if (hold == this) {
                    hold = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final Upstreams delegate;
    // a lock rather than synchronized: the calls come from virtual threads, which a monitor pins on JDK 21
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition called = lock.newCondition();
    private final List<Call> calls = new ArrayList<>();
    private Hold hold;

    RecordingUpstreams(Upstreams delegate) {
        this.delegate = delegate;
    }

    List<Call> calls() {
        lock.lock();
        try {
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            calls.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Holds every call from now on until the returned hold is released or closed. */
    Hold hold() {
        lock.lock();
        try {
            hold = new Hold();
            return hold;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} calls have started (and are held, if a hold is open).
     *
     * @throws AssertionError if they have not within 5 s (a call starts within milliseconds; half the test client's
     *                        timeout, so that a request that was waited for in vain can still be let finish)
     */
    void awaitCalls(int count) {
        long left = TimeUnit.SECONDS.toNanos(5);
        lock.lock();
        try {
            while (calls.size() < count) {
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " upstream calls within 5 s, saw " + calls);
                }
                left = called.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for upstream calls", e);
        } finally {
            lock.unlock();
        }
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
        Hold current;
        lock.lock();
        try {
            calls.add(new Call(upstream, t.getName(), t.isVirtual()));
            current = hold;
            called.signalAll();
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.await();
        }
        return call.get();
    }
}
