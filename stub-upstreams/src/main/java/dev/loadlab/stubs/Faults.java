package dev.loadlab.stubs;

import java.util.EnumMap;
import java.util.Map;

/**
 * Shares (0..1) of requests that get each {@link FaultKind}; the shares of one API must add up to at most 1.
 *
 * @param shares share per fault kind; missing kinds are 0
 */
public record Faults(Map<FaultKind, Double> shares) {
    private static final Faults NONE = new Faults(Map.of());

    public Faults {
        EnumMap<FaultKind, Double> copy = new EnumMap<>(FaultKind.class);
        double sum = 0;
        for (FaultKind kind : FaultKind.values()) {
            Double share = shares.get(kind);
            double value = share == null ? 0.0 : share;
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("fault share " + kind.key() + "=" + share + " is out of range: use a number from 0 to 1");
            }
            copy.put(kind, value);
            sum += value;
        }
        if (sum > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault shares add up to " + sum + " (more than 1): lower some of them");
        }
        shares = Map.copyOf(copy);
    }

    /** No faults. */
    public static Faults none() {
        return NONE;
    }

    public double share(FaultKind kind) {
        return shares.get(kind);
    }

    /** A copy with one kind's share replaced. */
    public Faults with(FaultKind kind, double share) {
        EnumMap<FaultKind, Double> copy = new EnumMap<>(shares);
        copy.put(kind, share);
        return new Faults(copy);
    }

    public boolean isNone() {
        return shares.values().stream().allMatch(s -> s == 0.0);
    }

    /**
     * Picks the fault for one request.
     *
     * @param uniform a random number in [0, 1)
     * @return the fault, or {@code null} for a normal response
     */
    FaultKind pick(double uniform) {
        double cumulative = 0;
        for (FaultKind kind : FaultKind.values()) {
            cumulative += shares.get(kind);
            if (uniform < cumulative) {
                return kind;
            }
        }
        return null;
    }
}
