package dev.loadlab.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Records which thread made each upstream call (and, for the non-blocking calls, which thread their answer completed
 * on), lets a test wait until calls have started, and can hold calls (after recording them) until the test releases
 * them, so that a request stays in flight for exactly as long as the test needs instead of for an upstream delay it
 * hopes is long enough. It decorates both kinds of upstreams a service has: {@link #blocking} and
 * {@link #nonBlocking}; a held non-blocking call waits without blocking a thread, as the real one does.
 */
final class RecordingUpstreams {
    record Call(Upstream upstream, String threadName, boolean virtual) {
        static Call onThisThread(Upstream upstream) {
            Thread t = Thread.currentThread();
            return new Call(upstream, t.getName(), t.isVirtual());
        }
    }

    /** Calls made while a hold is open wait for {@link #release()} (or {@link #close()}) before going upstream. */
    final class Hold implements AutoCloseable {
        /** A held call that was never released fails after this long rather than hang the build. */
        private static final Duration LIMIT = Duration.ofSeconds(30);
        private final CompletableFuture<Void> released = new CompletableFuture<Void>()
                .orTimeout(LIMIT.toMillis(), TimeUnit.MILLISECONDS);

        void release() {
            released.complete(null);
        }

        private void await() {
            try {
                released.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("upstream call held for " + LIMIT + " and never released", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
        }

        /** Runs a non-blocking call once released; no thread waits meanwhile. */
        private <T> CompletableFuture<T> then(Supplier<CompletableFuture<T>> call) {
            return released.thenCompose(ignored -> call.get());
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

    // a lock rather than synchronized: the calls come from virtual threads, which a monitor pins on JDK 21
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition called = lock.newCondition();
    private final List<Call> calls = new ArrayList<>();
    private final List<Call> completions = new ArrayList<>();
    private Hold hold;

    /** Every call made, on the thread that made it. */
    List<Call> calls() {
        return snapshot(calls);
    }

    /** Every non-blocking call's answer, on the thread that completed it. */
    List<Call> completions() {
        return snapshot(completions);
    }

    private List<Call> snapshot(List<Call> list) {
        lock.lock();
        try {
            return List.copyOf(list);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            calls.clear();
            completions.clear();
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

    /** The blocking upstreams of the blocking, virtual and async modes, recorded. */
    Upstreams blocking(Upstreams delegate) {
        return new Upstreams() {
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
        };
    }

    /** The non-blocking upstreams of the eventloop mode, recorded. */
    NonBlockingUpstreams nonBlocking(NonBlockingUpstreams delegate) {
        return new NonBlockingUpstreams() {
            @Override
            public CompletableFuture<Location> location(Query query) {
                return recordAsync(Upstream.LOCATION, () -> delegate.location(query));
            }

            @Override
            public CompletableFuture<SunTimes> sun(Location location) {
                return recordAsync(Upstream.SUN, () -> delegate.sun(location));
            }

            @Override
            public CompletableFuture<Weather> weather(Query query) {
                return recordAsync(Upstream.WEATHER, () -> delegate.weather(query));
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    private <T> T record(Upstream upstream, Supplier<T> call) {
        Hold current = started(upstream);
        if (current != null) {
            current.await();
        }
        return call.get();
    }

    /**
     * The completing thread is recorded by a stage attached right after the call is sent: a test that looks at it
     * gives the upstream a delay, so the answer cannot have arrived before the stage is attached (which would run it
     * on the sending thread instead).
     */
    private <T> CompletableFuture<T> recordAsync(Upstream upstream, Supplier<CompletableFuture<T>> call) {
        Hold current = started(upstream);
        CompletableFuture<T> answer = current == null ? call.get() : current.then(call);
        return answer.whenComplete((result, failure) -> {
            lock.lock();
            try {
                completions.add(Call.onThisThread(upstream));
            } finally {
                lock.unlock();
            }
        });
    }

    private Hold started(Upstream upstream) {
        lock.lock();
        try {
            calls.add(Call.onThisThread(upstream));
            called.signalAll();
            return hold;
        } finally {
            lock.unlock();
        }
    }
}
