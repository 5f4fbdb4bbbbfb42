package dev.loadlab.lab.gate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code <run>/gate/setup.json}: what each side of a gate run was, next to the run's summary.json, so a
 * baseline can be saved from it and a verdict recomputed later.
 *
 * @param sides     {@code base} and/or {@code head}
 * @param rulesFile the rules the run was planned from
 * @param baseline  the stored baseline given, if any
 */
public record GateSetup(Map<String, Side> sides, String rulesFile, String baseline) {

    static final String FILE = "gate/setup.json";

    /**
     * @param build         where the service jar came from ({@code this checkout} or the --base-build folder)
     * @param gitCommit     that build's commit, {@code -dirty} with uncommitted changes; null if unknown
     * @param serviceConfig the service config keys the side ran with
     */
    public record Side(String build, String gitCommit, Map<String, String> serviceConfig) {
    }

    public void write(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        SummaryFiles.writeJson(file, this);
    }

    /** The run's setup, or null for runs the gate did not make (e.g. {@code ./lab compare}). */
    public static GateSetup read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), GateSetup.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
