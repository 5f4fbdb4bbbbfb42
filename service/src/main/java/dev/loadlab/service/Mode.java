package dev.loadlab.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a request's upstream I/O is executed. The four modes do the same work (see {@link SunApi}).
 */
public enum Mode {
    /** Whole request on a bounded pool of platform threads, blocking upstream calls. */
    BLOCKING,
    /** Straight-line blocking code on the request's own virtual thread. */
    VIRTUAL,
    /** CompletableFuture composition of upstream calls started on virtual threads (blocking calls). */
    ASYNC,
    /** CompletableFuture composition of non-blocking upstream calls that complete on an event-loop thread. */
    EVENTLOOP;

    /** Allowed values, for messages: {@code blocking|virtual|async|eventloop}. */
    public static final String ALLOWED = Arrays.stream(values()).map(Mode::label).collect(Collectors.joining("|"));

    /**
     * Label used in URLs, config and metrics.
     *
     * @return lower-case name
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parse a label.
     *
     * @param label mode label, e.g. {@code async}
     * @return the mode, or empty if unknown
     */
    public static Optional<Mode> parse(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }
}
