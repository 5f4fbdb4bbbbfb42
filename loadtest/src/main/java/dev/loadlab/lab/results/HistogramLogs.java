package dev.loadlab.lab.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Response-time histograms as HdrHistogram interval logs (values in microseconds, intervals tagged
 * {@code ok} or {@code ko}). Adding histograms is exact, so merged percentiles are the true percentiles
 * of all the requests, not an average of per-file percentiles.
 */
public final class HistogramLogs {

    public static final String OK = "ok";
    public static final String KO = "ko";

    private HistogramLogs() {
    }

    /** All the intervals of one tag in a log, added up. */
    public static Histogram total(Path log, String tag) {
        Histogram total = empty();
        for (Histogram interval : intervals(log)) {
            if (tag.equals(interval.getTag())) {
                total.add(interval);
            }
        }
        return total;
    }

    /** Every interval of a log, in file order, with its tag and start/end timestamps (epoch ms). */
    public static List<Histogram> intervals(Path log) {
        List<Histogram> result = new ArrayList<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(log.toFile());
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                result.add((Histogram) next);
            }
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("histogram log " + log + " is missing", e);
        }
        return result;
    }

    /** Writes intervals from several logs into one, keeping each interval (and its tag) as it was. */
    public static void merge(List<Path> logs, Path into) {
        List<Histogram> all = new ArrayList<>();
        logs.forEach(log -> all.addAll(intervals(log)));
        all.sort((a, b) -> Long.compare(a.getStartTimeStamp(), b.getStartTimeStamp()));
        write(all, into, "merged from " + logs.size() + " logs");
    }

    public static void write(List<Histogram> intervals, Path into, String comment) {
        try {
            Path tmp = into.resolveSibling(into.getFileName() + ".tmp");
            try (PrintStream out = new PrintStream(Files.newOutputStream(tmp), false, "UTF-8")) {
                HistogramLogWriter writer = new HistogramLogWriter(out);
                writer.outputComment("loadlab response times in microseconds; tags ok and ko; " + comment);
                writer.outputLogFormatVersion();
                intervals.stream().mapToLong(Histogram::getStartTimeStamp).min()
                        .ifPresent(writer::outputStartTime);
                writer.outputLegend();
                intervals.forEach(writer::outputIntervalHistogram);
            }
            Files.move(tmp, into, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + into, e);
        }
    }

    public static Histogram empty() {
        return new Histogram(120_000_000L, 4);
    }

    /**
     * Percentiles in milliseconds (the recorded value at that rank, HdrHistogram's definition); zeros for an
     * empty histogram. Each is the lower edge of its bucket, so whole-millisecond inputs come back exact.
     */
    public static Summary.LatencyMs latencyMs(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Summary.LatencyMs(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Summary.LatencyMs(
                ms(h, h.getMinValue()), percentileMs(h, 50), percentileMs(h, 90), percentileMs(h, 95),
                percentileMs(h, 99), percentileMs(h, 99.9), ms(h, h.getMaxValue()), Math.round(h.getMean()) / 1000.0);
    }

    public static double percentileMs(Histogram h, double percentile) {
        return ms(h, h.getValueAtPercentile(percentile));
    }

    private static double ms(Histogram h, long micros) {
        return h.lowestEquivalentValue(micros) / 1000.0;
    }
}
