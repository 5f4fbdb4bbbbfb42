package dev.loadlab.service;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Count of a mode's requests being served, with an optional bound.
 */
final class InFlight {
    private final int limit;
    private final AtomicInteger current = new AtomicInteger();

    InFlight(int limit) {
        this.limit = limit;
    }

    boolean tryEnter() {
        if (current.incrementAndGet() > limit) {
            current.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit() {
        current.decrementAndGet();
    }

    int current() {
        return current.get();
    }

    int limit() {
        return limit;
    }
}
