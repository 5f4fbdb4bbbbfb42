package dev.loadlab.lab.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one injector's simulation recorded for one point (the JSON {@code PointRecorder} writes), with the
 * paths of its histogram log and Gatling report.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PointResult(String name, String endpoint, String model, Integer concurrency, Double rateRps,
                          String baseUrl, long windowStartEpochMs, long windowEndEpochMs, double measureSeconds,
                          long ok, long ko, Map<String, Long> koByCause, Map<String, Long> cpuNanos,
                          Long serviceRssKb, String histogram, Path histogramFile, Path gatlingReport) {

    public static PointResult read(Path json, Path histogramLog, Path gatlingReport) {
        try {
            PointResult raw = SummaryFiles.JSON.readValue(json.toFile(), PointResult.class);
            return new PointResult(raw.name, raw.endpoint, raw.model, raw.concurrency, raw.rateRps, raw.baseUrl,
                    raw.windowStartEpochMs, raw.windowEndEpochMs, raw.measureSeconds, raw.ok, raw.ko,
                    raw.koByCause == null ? Map.of() : raw.koByCause,
                    raw.cpuNanos == null ? Map.of() : raw.cpuNanos, raw.serviceRssKb, raw.histogram,
                    histogramLog, gatlingReport);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the point recording " + json, e);
        }
    }

    public Long cpuNanos(String process) {
        return cpuNanos.get(process);
    }
}
