package dev.loadlab.lab.gate;

/** What a baseline rule compares, with its unit and which way is worse. */
public enum Metric {
    THROUGHPUT("throughput", "req/s", Statistics.Worse.LOWER),
    P99("p99", "ms", Statistics.Worse.HIGHER),
    /** Mean response time: in a closed model without think time, users / throughput, but not quantised. */
    MEAN("mean", "ms", Statistics.Worse.HIGHER),
    CPU("cpu", "µs/req", Statistics.Worse.HIGHER);

    private final String key;
    private final String unit;
    private final Statistics.Worse worse;

    Metric(String key, String unit, Statistics.Worse worse) {
        this.key = key;
        this.unit = unit;
        this.worse = worse;
    }

    /** The name in a rules file: throughput, p99 or cpu. */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public Statistics.Worse worse() {
        return worse;
    }

    /** The trial's value; null when not measured (CPU of a --target service). */
    public Double of(Trial trial) {
        return switch (this) {
            case THROUGHPUT -> trial.throughputRps();
            case P99 -> trial.p99Ms();
            case MEAN -> trial.meanMs();
            case CPU -> trial.serviceCpuUsPerRequest();
        };
    }

    public static Metric parse(String key) {
        for (Metric metric : values()) {
            if (metric.key.equals(key)) {
                return metric;
            }
        }
        return null;
    }
}
