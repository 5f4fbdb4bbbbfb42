package dev.loadlab.stubs;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The config in force, shared by the responders (read per request) and the admin route (writes). */
final class ConfigHolder implements Supplier<StubConfig> {
    private final StubConfig initial;
    private final AtomicReference<StubConfig> current;

    ConfigHolder(StubConfig initial) {
        this.initial = initial;
        this.current = new AtomicReference<>(initial);
    }

    @Override
    public StubConfig get() {
        return current.get();
    }

    StubConfig initial() {
        return initial;
    }

    /** Replaces the behaviour; server settings must stay as they were at start. */
    StubConfig set(StubConfig next) {
        if (!initial.sameServerSettings(next)) {
            throw new IllegalArgumentException("server settings (host, port, threads, accept queue, mapped upstreams) cannot"
                                                       + " change while running: change only latency and faults, or restart");
        }
        current.set(next);
        return next;
    }

    /** Applies a partial JSON document atomically. */
    StubConfig applyJson(String json) {
        return current.updateAndGet(c -> c.withJson(json));
    }
}
