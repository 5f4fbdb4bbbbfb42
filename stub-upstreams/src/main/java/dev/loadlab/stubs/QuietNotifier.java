package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.common.Notifier;

import java.util.concurrent.atomic.AtomicInteger;

/** Drops WireMock's info messages; prints the first few errors to stderr, then stays silent. */
final class QuietNotifier implements Notifier {
    private static final int MAX_ERRORS = 10;
    private final AtomicInteger errors = new AtomicInteger();
    private final String prefix;

    /** @param source the server the errors come from, e.g. {@code upstream pricing}; {@code null} for the built-in one */
    QuietNotifier(String source) {
        this.prefix = "stub-upstreams: " + (source == null ? "" : source + ": ");
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void error(String message) {
        error(message, null);
    }

    @Override
    public void error(String message, Throwable t) {
        int n = errors.incrementAndGet();
        if (n <= MAX_ERRORS) {
            System.err.println(prefix + "wiremock error: " + message + (t == null ? "" : " (" + t + ")"));
        } else if (n == MAX_ERRORS + 1) {
            System.err.println(prefix + "further wiremock errors suppressed");
        }
    }
}
