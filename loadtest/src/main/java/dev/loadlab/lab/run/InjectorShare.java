package dev.loadlab.lab.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of one point that injector {@code index} (from 0) of {@code of} drives. Users are split exactly
 * (the first {@code C mod N} injectors take one more), so the shares always add up to the point's
 * concurrency; an open model's rate is divided evenly.
 *
 * @param point the whole point (its id, variant and total load)
 * @param share what this injector runs: same variant and repeat, its users or its rate
 */
public record InjectorShare(PointSpec point, int index, int of, PointSpec share) {

    private static final Pattern POINT_ID = Pattern.compile("^(.+)-([cr])([0-9]+(?:\\.[0-9]+)?)-([0-9]+)$");

    public static InjectorShare of(PointSpec point, int index, int of) {
        if (of < 1 || of > 64) {
            throw new LabException("--of " + of + " is out of range: use 1..64 injectors");
        }
        if (index < 0 || index >= of) {
            throw new LabException("--index " + index + " is out of range: injectors are numbered 0.." + (of - 1));
        }
        if (point.closed()) {
            int users = point.concurrency() / of + (index < point.concurrency() % of ? 1 : 0);
            if (users == 0) {
                throw new LabException("point " + point.id() + " has " + point.concurrency() + " users: it cannot be"
                        + " split over " + of + " injectors (each needs at least one); use fewer injectors");
            }
            return new InjectorShare(point, index, of,
                    PointSpec.closed(point.variant(), users, point.repeat(), point.targetUrl()));
        }
        return new InjectorShare(point, index, of,
                PointSpec.open(point.variant(), point.rateRps() / of, point.repeat(), point.targetUrl()));
    }

    /**
     * Reads a point id as the lab writes it: {@code <variant>-c<users>-<repeat>} (closed model) or
     * {@code <variant>-r<rate>-<repeat>} (open model), e.g. {@code async-c512-1}, {@code blocking-r800-1}.
     */
    public static PointSpec parse(String id, String targetUrl) {
        Matcher m = POINT_ID.matcher(id);
        if (!m.matches()) {
            throw new LabException("'" + id + "' is not a point id: use <variant>-c<users>-<repeat> or"
                    + " <variant>-r<rate>-<repeat>, e.g. async-c512-1 or blocking-r800-1");
        }
        String variant = m.group(1);
        int repeat = Integer.parseInt(m.group(4));
        try {
            if (m.group(2).equals("c")) {
                int users = Integer.parseInt(m.group(3));
                if (users < 1 || users > 20_000) {
                    throw new NumberFormatException();
                }
                return PointSpec.closed(variant, users, repeat, targetUrl);
            }
            double rate = Double.parseDouble(m.group(3));
            if (rate <= 0 || rate > 100_000) {
                throw new NumberFormatException();
            }
            return PointSpec.open(variant, rate, repeat, targetUrl);
        } catch (NumberFormatException e) {
            throw new LabException("point " + id + " has an impossible level: use 1..20000 users or 0..100000 req/s");
        }
    }

    /** This injector's folder inside a point's folder, numbered from 1 like {@code compare --injectors N} does. */
    public String folderName() {
        return "injector-" + (index + 1);
    }

    /** The name the simulation records this share under: {@code <endpoint>-c<users>} or {@code <endpoint>-r<rate>}. */
    public String phaseName(String endpoint) {
        return endpoint + "-" + share.levelLabel();
    }
}
