package dev.loadlab.lab.gate;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.LabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rules judge: a run's closed-model points as trials of the build under test ({@code head}) and,
 * in an A/B run, of the baseline-shaped A ({@code base}); else the samples of a stored baseline.
 * <p>
 * A run's variants say which side and mode each point belongs to: {@code base-async}, {@code head-async},
 * or a plain mode ({@code async}: head) as {@code compare} names them.
 */
public final class GateData {

    private final Path runDir;
    private final Summary summary;
    private final List<Trial> trials;
    private final StoredBaseline stored;
    private final String storedFile;

    private GateData(Path runDir, Summary summary, List<Trial> trials, StoredBaseline stored, String storedFile) {
        this.runDir = runDir;
        this.summary = summary;
        this.trials = trials;
        this.stored = stored;
        this.storedFile = storedFile;
    }

    /**
     * @param stored     a stored baseline, used when the run has no A side; may be null
     * @param storedFile how to name the stored baseline in verdicts
     */
    public static GateData of(Path runDir, StoredBaseline stored, String storedFile) {
        Summary summary;
        try {
            summary = SummaryFiles.read(runDir);
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage(), e);
        }
        if (!Summary.RunInfo.COMPLETE.equals(summary.run().status())) {
            throw new LabException("run " + runDir + " is incomplete (" + summary.run().reason()
                    + "): the gate judges complete runs only; run it again");
        }
        List<Trial> trials = new ArrayList<>();
        for (Summary.Point point : summary.points()) {
            if (!Summary.Point.CLOSED.equals(point.model())) {
                continue; // the rules speak of closed-model levels; open points are for reports
            }
            if (!point.complete()) {
                throw new LabException("point " + point.id() + " of run " + runDir + " is incomplete (" + point.reason()
                        + "): the gate judges fully measured points only; run it again");
            }
            String[] sideAndMode = sideAndMode(point.variant());
            trials.add(Trial.of(sideAndMode[0], sideAndMode[1], point));
        }
        GateData data = new GateData(runDir, summary, trials, stored, storedFile);
        if (!data.interleaved() && stored != null) {
            stored.checkComparable(summary.config(), storedFile);
        }
        return data;
    }

    /** {@code base-async} -> [base, async]; {@code head-async} and {@code async} -> [head, async]. */
    static String[] sideAndMode(String variant) {
        for (String side : List.of(Trial.BASE, Trial.HEAD)) {
            if (variant.startsWith(side + "-")) {
                return new String[] {side, variant.substring(side.length() + 1)};
            }
        }
        return new String[] {Trial.HEAD, variant};
    }

    public Path runDir() {
        return runDir;
    }

    public Summary summary() {
        return summary;
    }

    /** Every trial of the build under test. */
    public List<Trial> head() {
        return trials.stream().filter(t -> Trial.HEAD.equals(t.side())).toList();
    }

    /** Every trial of the run's baseline-shaped A (none without A/B). */
    public List<Trial> base() {
        return trials.stream().filter(t -> Trial.BASE.equals(t.side())).toList();
    }

    public List<Trial> head(String mode, int concurrency) {
        return Trial.at(head(), mode, concurrency);
    }

    /** True when the run measured the baseline-shaped A alongside (the strong comparison). */
    public boolean interleaved() {
        return trials.stream().anyMatch(t -> Trial.BASE.equals(t.side()));
    }

    /** The baseline's trials: the run's A side when there is one, else the stored baseline's samples. */
    public List<Trial> baseline(String mode, int concurrency) {
        if (interleaved()) {
            return Trial.at(base(), mode, concurrency);
        }
        return stored == null ? List.of() : Trial.at(stored.trials(), mode, concurrency);
    }

    public boolean hasBaseline() {
        return interleaved() || stored != null;
    }

    /** Where the baseline's trials come from, for verdicts and reports. */
    public String baselineSource() {
        if (interleaved()) {
            return "A/B: the baseline-shaped A, interleaved with B in this run";
        }
        if (stored != null) {
            return "stored baseline " + storedFile + " (run " + stored.source().runId() + ", saved "
                    + stored.savedAt() + "; a different moment and maybe machine: weaker than A/B)";
        }
        return null;
    }
}
