package dev.loadlab.lab.report;

import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** A run folder as the report sees it: its summary.json and, on demand, its histogram logs. */
record LoadedRun(Path dir, Summary summary) {

    static LoadedRun load(Path runDir) {
        Path dir;
        try {
            dir = runDir.toRealPath();
        } catch (java.io.IOException e) {
            throw new LabException(runDir + " does not exist: pass a run folder (e.g. results/latest or"
                    + " results/runs/<run>)");
        }
        if (!Files.isRegularFile(dir.resolve(SummaryFiles.SUMMARY))) {
            throw new LabException(dir + " holds no " + SummaryFiles.SUMMARY + ": pass a run folder written by"
                    + " ./lab compare");
        }
        try {
            return new LoadedRun(dir, SummaryFiles.read(dir));
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    String id() {
        return summary.run() != null && summary.run().id() != null ? summary.run().id()
                : dir.getFileName().toString();
    }

    boolean incomplete() {
        return summary.run() == null || !Summary.RunInfo.COMPLETE.equals(summary.run().status());
    }

    String incompleteReason() {
        String reason = summary.run() == null ? null : summary.run().reason();
        return reason == null || reason.isBlank() ? "the run did not finish" : reason;
    }

    List<Summary.Point> points() {
        return summary.points() == null ? List.of() : summary.points();
    }

    int repeats() {
        return summary.config() == null ? 1 : Math.max(1, summary.config().repeats());
    }

    /** The configured variants in their order, then any variant that only the points name. */
    List<String> variants() {
        Set<String> names = new LinkedHashSet<>();
        if (summary.config() != null && summary.config().variants() != null) {
            names.addAll(summary.config().variants());
        }
        points().forEach(p -> names.add(p.variant()));
        return List.copyOf(names);
    }

    /** Service replicas behind the targets (several in Kubernetes); 1 when not recorded. */
    int replicas() {
        return summary.config() == null ? 1 : summary.config().replicas();
    }

    boolean has(String model) {
        return points().stream().anyMatch(p -> model.equals(p.model()));
    }

    /** Median over repeats per (variant, level) of one model, in variant order then level order. */
    List<LevelStats> stats(String model) {
        Map<String, Map<Double, List<Summary.Point>>> byVariant = new LinkedHashMap<>();
        variants().forEach(v -> byVariant.put(v, new java.util.TreeMap<>()));
        for (Summary.Point p : points()) {
            // an incomplete point (some injectors missing or failed) measured only part of its load: left out
            if (model.equals(p.model()) && levelOf(p) != null && p.complete()) {
                byVariant.get(p.variant()).computeIfAbsent(levelOf(p), k -> new ArrayList<>()).add(p);
            }
        }
        List<LevelStats> result = new ArrayList<>();
        byVariant.values().forEach(levels -> levels.values().forEach(ps -> result.add(LevelStats.of(ps))));
        return result;
    }

    List<LevelStats> stats(String model, String variant) {
        return stats(model).stream().filter(s -> s.variant().equals(variant)).toList();
    }

    Optional<LevelStats> stat(String model, String variant, double level) {
        return stats(model, variant).stream().filter(s -> s.level() == level).findFirst();
    }

    /** Every point, sorted the way the tables show them: variant order, closed before open, level, repeat. */
    List<Summary.Point> sortedPoints() {
        List<String> order = variants();
        return points().stream()
                .sorted(Comparator.<Summary.Point>comparingInt(p -> order.indexOf(p.variant()))
                        .thenComparing(p -> Summary.Point.CLOSED.equals(p.model()) ? 0 : 1)
                        .thenComparingDouble(p -> levelOf(p) == null ? 0 : levelOf(p))
                        .thenComparingInt(Summary.Point::repeat))
                .toList();
    }

    /**
     * The OK response times of every repeat of one (variant, model, level), added up; empty when no
     * histogram log can be read (a report never fails for a missing or damaged log).
     */
    Optional<Histogram> okHistogram(String variant, String model, double level) {
        Histogram total = HistogramLogs.empty();
        for (Summary.Point p : points()) {
            if (p.variant().equals(variant) && model.equals(p.model()) && levelOf(p) != null
                    && levelOf(p) == level && p.histogram() != null && p.complete()) {
                Path log = dir.resolve(p.histogram());
                if (!Files.isRegularFile(log)) {
                    continue;
                }
                try {
                    total.add(HistogramLogs.total(log, HistogramLogs.OK));
                } catch (RuntimeException e) {
                    // unreadable log: the distribution chart leaves this point out
                }
            }
        }
        return total.getTotalCount() == 0 ? Optional.empty() : Optional.of(total);
    }

    private static Double levelOf(Summary.Point p) {
        if (Summary.Point.CLOSED.equals(p.model())) {
            return p.concurrency() == null ? null : p.concurrency().doubleValue();
        }
        return p.rateRps();
    }
}
