package dev.loadlab.lab.record;

import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code DIR/NAME/latencies.json}, written by {@code ./lab record}: the latency of every request the recorder proxied
 * to the real upstream, in the order they came, in ms. {@code samplesMs} is an {@code empirical} latency profile as
 * it is ({@code MappedUpstream.Latency.empirical(samplesMs)}).
 *
 * @param upstream  the upstream's name
 * @param target    the real upstream's base URL
 * @param samplesMs one latency per proxied request (WireMock's time to get the upstream's whole response)
 * @param count     {@code samplesMs.size()}
 * @param meanMs    mean of the samples (0 if none)
 */
public record RecordedLatencies(String upstream, String target, List<Double> samplesMs, int count, double meanMs) {

    public static final String FILE = "latencies.json";

    public RecordedLatencies {
        samplesMs = List.copyOf(samplesMs);
    }

    public static RecordedLatencies of(String upstream, String target, List<Double> samplesMs) {
        double mean = samplesMs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new RecordedLatencies(upstream, target, samplesMs, samplesMs.size(), Math.round(mean * 10.0) / 10.0);
    }

    /** Writes {@code folder/latencies.json} atomically. */
    public void write(Path folder) {
        SummaryFiles.writeJson(folder.resolve(FILE), this);
    }

    /**
     * Reads a {@code latencies.json}.
     *
     * @throws IllegalArgumentException naming the file and the fix
     */
    public static RecordedLatencies read(Path file) {
        try {
            return SummaryFiles.JSON.readValue(file.toFile(), RecordedLatencies.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a recorded latencies file ("
                    + e.getMessage().lines().findFirst().orElse("") + "): record it again with ./lab record", e);
        }
    }
}
