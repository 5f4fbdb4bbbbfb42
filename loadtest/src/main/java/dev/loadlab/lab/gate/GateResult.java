package dev.loadlab.lab.gate;

import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gate's decision: every verdict and the exit code they add up to. A FAIL is a measured regression
 * (exit 1) and outranks an ERROR (a rule that could not be judged, exit 2): the evidence of a regression is
 * never hidden behind a harness problem.
 *
 * @param status     PASS, FAIL or ERROR
 * @param runDir     the run judged; null when the harness could not even produce one
 * @param baseline   where the baseline trials came from; null without a baseline
 * @param message    for ERROR without verdicts: why nothing could be measured
 * @param seconds    how long the gate took (run and judgement)
 */
public record GateResult(String status, int exitCode, String runDir, String rulesFile, String baseline,
                         String message, double seconds, List<Verdict> verdicts) {

    public static final String JSON = "verdicts.json";
    public static final String JUNIT = "junit.xml";
    public static final String MARKDOWN = "summary.md";

    public static GateResult of(List<Verdict> verdicts, String runDir, String rulesFile, String baseline,
                                double seconds) {
        boolean failed = verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.FAIL);
        boolean error = verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.ERROR);
        String status = failed ? "FAIL" : error ? "ERROR" : "PASS";
        return new GateResult(status, failed ? 1 : error ? 2 : 0, runDir, rulesFile, baseline, null, seconds,
                List.copyOf(verdicts));
    }

    /** The harness could not measure: no verdicts, only why. */
    public static GateResult harnessError(String message, String runDir, String rulesFile, double seconds) {
        return new GateResult("ERROR", 2, runDir, rulesFile, null, message, seconds,
                List.of(Verdict.error("harness", null, message)));
    }

    public long count(Verdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).count();
    }

    /** Writes verdicts.json, junit.xml and summary.md into a folder. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
        SummaryFiles.writeJson(dir.resolve(JSON), this);
        SummaryFiles.writeText(dir.resolve(JUNIT), VerdictWriters.junitXml(this));
        SummaryFiles.writeText(dir.resolve(MARKDOWN), VerdictWriters.markdown(this));
    }
}
