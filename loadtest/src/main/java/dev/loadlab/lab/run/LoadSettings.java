package dev.loadlab.lab.run;

import java.time.Duration;

/** How each point is driven: the endpoint, the phase durations and the per-request and per-point bounds. */
public record LoadSettings(String endpoint, Duration warmup, Duration measure, Duration requestTimeout,
                           long maxRequestsPerPoint) {

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
