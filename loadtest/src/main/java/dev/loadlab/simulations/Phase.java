package dev.loadlab.simulations;

/**
 * One load level held for warm-up then a measured window. Times are offsets in ms from the moment the
 * first request is sent (injection start), so the windows line up with what Gatling actually injects.
 * Requests sent during the warm-up are named {@link #WARM_UP}; those sent during the measured
 * window carry the phase's name, so Gatling's report row and the lab's recording are the same requests.
 */
public record Phase(String name, String model, Integer concurrency, Double rateRps,
                    long startOffsetMs, long measureFromOffsetMs, long measureUntilOffsetMs) {

    public static final String WARM_UP = "warm-up";

    public static Phase closed(String endpoint, int concurrency, long startMs, LoadParameters params) {
        return new Phase(endpoint + "-c" + concurrency, "closed", concurrency, null,
                startMs, startMs + params.warmup().toMillis(), startMs + params.phaseLength().toMillis());
    }

    public static Phase open(String endpoint, double rateRps, long startMs, LoadParameters params) {
        String rate = rateRps == Math.rint(rateRps) ? String.valueOf((long) rateRps) : String.valueOf(rateRps);
        return new Phase(endpoint + "-r" + rate, "open", null, rateRps,
                startMs, startMs + params.warmup().toMillis(), startMs + params.phaseLength().toMillis());
    }

    boolean measures(long offsetMs) {
        return offsetMs >= measureFromOffsetMs && offsetMs < measureUntilOffsetMs;
    }

    double measureSeconds() {
        return (measureUntilOffsetMs - measureFromOffsetMs) / 1000.0;
    }
}
