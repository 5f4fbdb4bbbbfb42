package dev.loadlab.lab.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How each point is driven: what is sent (the request mix, named by {@code endpoint}), the phase durations and the
 * per-request and per-point bounds.
 *
 * @param endpoint       names the requests (the one request sent, or {@code mix})
 * @param requestMixFile the request mix the simulation reads; null = the built-in scenario's {@code endpoint}
 */
public record LoadSettings(String endpoint, Duration warmup, Duration measure, Duration requestTimeout,
                           long maxRequestsPerPoint, Path requestMixFile) {

    public LoadSettings(String endpoint, Duration warmup, Duration measure, Duration requestTimeout,
                        long maxRequestsPerPoint) {
        this(endpoint, warmup, measure, requestTimeout, maxRequestsPerPoint, null);
    }

    /** The same with another cap on requests, e.g. one injector's share. */
    public LoadSettings withMaxRequests(long max) {
        return new LoadSettings(endpoint, warmup, measure, requestTimeout, max, requestMixFile);
    }

    /** The same sending the mix written to {@code file}. */
    public LoadSettings withRequestMix(Path file) {
        return new LoadSettings(endpoint, warmup, measure, requestTimeout, maxRequestsPerPoint, file);
    }

    public LoadSettings {
        if (warmup.isNegative() || measure.isZero() || measure.isNegative()) {
            throw new LabException("--measure must be positive and --warmup not negative; e.g. --warmup 3s --measure 8s");
        }
        if (measure.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new LabException("--measure " + measure.toSeconds() + "s is over the 30 min bound of one point;"
                    + " use a shorter window or more --repeats");
        }
    }
}
