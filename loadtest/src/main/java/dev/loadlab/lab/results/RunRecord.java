package dev.loadlab.lab.results;

/**
 * A run folder's result file as its lifecycle sees it ({@code summary.json}, {@code reliability.json}): it carries
 * the run's information (status, reason, times), and a copy with new information.
 */
public interface RunRecord<R extends RunRecord<R>> {

    Summary.RunInfo run();

    R withRun(Summary.RunInfo run);
}
