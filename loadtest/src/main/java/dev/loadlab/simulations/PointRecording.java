package dev.loadlab.simulations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What the simulation recorded for one phase (a point, or a stage of an episode): {@code <phase>.json}, next to
 * the phase's histogram log. The one definition of that file on both sides of the JVM boundary:
 * {@link PointRecorder} writes it inside the Gatling JVM and the lab reads it back with {@link #read}, which
 * refuses unknown and missing fields, so a field renamed on one side fails at once instead of reading as 0.
 *
 * @param name                the phase, e.g. {@code sun-c64}; also the file's name
 * @param concurrency         users (closed model), else null
 * @param rateRps             arrival rate (open model), else null
 * @param baseUrl             where the requests went
 * @param firstRequestEpochMs when this JVM sent its first request (null: none); after the window's start when
 *                            the JVM started late
 * @param koByCause           failed requests by cause: {@code status N}, {@code timeout} or {@code connection}
 * @param cpuNanos            CPU time of each process over the measured window
 * @param serviceRssKb        the service's resident memory at the window's end (null: not known)
 * @param histogram           the file name of the phase's histogram log, in the same folder
 */
public record PointRecording(String name, String endpoint, String model, Integer concurrency, Double rateRps,
                             String baseUrl, long windowStartEpochMs, long windowEndEpochMs, double measureSeconds,
                             Long firstRequestEpochMs, long ok, long ko, Map<String, Long> koByCause,
                             CpuNanos cpuNanos, Long serviceRssKb, String histogram) {

    /**
     * CPU time over the measured window; null where it was not sampled (no pid, or the window never closed).
     * {@code serviceJit}: the part of {@code service} its JIT compiler threads spent (Linux; null elsewhere).
     */
    public record CpuNanos(Long service, Long serviceJit, Long stub, Long loadgen) {

        public static final CpuNanos NOT_SAMPLED = new CpuNanos(null, null, null, null);
    }

    // A field the other side does not know, or one it misses, means the two sides are different versions:
    // refuse the file rather than read that field as 0 or null.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Where the recording of {@code phase} is in the simulation's output folder ({@code loadlab.output}). */
    public static Path file(Path outputDir, String phase) {
        return outputDir.resolve(phase + ".json");
    }

    /** Writes {@link #file} in {@code outputDir} (to a temp file first, then an atomic rename). */
    public Path write(Path outputDir) {
        Path file = file(outputDir, name);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** @throws IllegalArgumentException naming the file and the field when it is not exactly this record */
    public static PointRecording read(Path file) {
        try {
            return JSON.readValue(file.toFile(), PointRecording.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a point recording this lab can read ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "): the simulation that wrote it"
                    + " and the lab reading it must be the same version of loadlab", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the point recording " + file, e);
        }
    }
}
