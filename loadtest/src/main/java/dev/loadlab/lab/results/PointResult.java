package dev.loadlab.lab.results;

import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.PointRecording;
import java.nio.file.Path;

/**
 * One injector's part of one point as the lab uses it: what its simulation recorded, with the paths of its
 * histogram log and Gatling report.
 */
public record PointResult(PointRecording recording, Path histogramFile, Path gatlingReport) {

    /** Reads the recording at {@code json}; its histogram log is the file it names, in the same folder. */
    public static PointResult read(Path json, Path gatlingReport) {
        try {
            PointRecording recording = PointRecording.read(json);
            return new PointResult(recording, json.resolveSibling(recording.histogram()), gatlingReport);
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage(), e);
        }
    }
}
