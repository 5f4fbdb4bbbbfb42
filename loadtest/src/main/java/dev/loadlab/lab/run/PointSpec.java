package dev.loadlab.lab.run;

import dev.loadlab.lab.results.Summary;

/** One point of a run: a variant at one closed-model concurrency or open-model rate, one repeat. */
public record PointSpec(String variant, String model, Integer concurrency, Double rateRps, int repeat,
                        String targetUrl) {

    public static PointSpec closed(String variant, int concurrency, int repeat, String targetUrl) {
        return new PointSpec(variant, Summary.Point.CLOSED, concurrency, null, repeat, targetUrl);
    }

    public static PointSpec open(String variant, double rateRps, int repeat, String targetUrl) {
        return new PointSpec(variant, Summary.Point.OPEN, null, rateRps, repeat, targetUrl);
    }

    /** The same point aimed at another base URL. */
    public PointSpec withTargetUrl(String url) {
        return new PointSpec(variant, model, concurrency, rateRps, repeat, url);
    }

    public boolean closed() {
        return Summary.Point.CLOSED.equals(model);
    }

    /** {@code c64} or {@code r200}: also the suffix of the phase name the simulation records under. */
    public String levelLabel() {
        return closed() ? "c" + concurrency : "r" + formatRate(rateRps);
    }

    public String id() {
        return variant + "-" + levelLabel() + "-" + repeat;
    }

    public String describe() {
        return String.format("%-9s %s", variant, closed() ? "closed " + concurrency + " users"
                : "open " + formatRate(rateRps) + " req/s");
    }

    static String formatRate(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }
}
