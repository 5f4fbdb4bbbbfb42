package dev.loadlab.service;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Count of a mode's requests being served, with an optional bound.
 */
final class InFlight {
    private final int limit;
    private final String whenFull;
    private final AtomicInteger current = new AtomicInteger();

    /** @param whenFull what a refused request is told */
    InFlight(int limit, String whenFull) {
        this.limit = limit;
        this.whenFull = whenFull;
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

    String whenFull() {
        return whenFull;
    }
}
