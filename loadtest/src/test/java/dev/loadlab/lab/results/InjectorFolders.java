package dev.loadlab.lab.results;

import dev.loadlab.simulations.PointRecording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes what {@code ./lab inject} leaves behind for one injector, without running Gatling: injector.json,
 * recording/{phase}.json (the {@link PointRecording} PointRecorder writes), recording/{phase}.hlog with one interval per second,
 * and a stand-in Gatling report.
 */
final class InjectorFolders {

    static final Map<String, Double> LATENCY = Map.of("location", 100.0, "sun", 100.0, "weather", 100.0);

    private InjectorFolders() {
    }

    /** A manifest for injector {@code index} of {@code of} of a closed point of {@code users} users. */
    static InjectorManifest closed(String variant, int users, int index, int of) {
        int share = users / of + (index < users % of ? 1 : 0);
        return new InjectorManifest(InjectorManifest.SCHEMA_VERSION, "test", variant + "-c" + users + "-1", variant,
                "closed", users, null, 1, index, of, share, null, "sun", "http://127.0.0.1:1/api/" + variant, 1.0,
                10.0, 10.0, "fixed", LATENCY, null, null, InjectorManifest.COMPLETE, null,
                "2026-01-01T10:00:0" + index + "Z", "2026-01-01T10:00:2" + index + "Z", "host-" + index, "abc", "test",
                null);
    }

    /**
     * Writes the folder. {@code valuesMs}: the OK response times (ms), spread over the 10 s window from
     * {@code windowStartMs}; {@code loadgenCpuMs}: this injector's CPU time over the window.
     */
    static Path write(Path dir, InjectorManifest m, List<Long> valuesMs, long ko, long windowStartMs,
                      long loadgenCpuMs) {
        Path recording = dir.resolve("recording");
        try {
            Files.createDirectories(recording);
            Files.createDirectories(dir.resolve("gatling"));
            Files.writeString(dir.resolve("gatling").resolve("index.html"), "<html>gatling</html>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.write(dir);
        List<Histogram> intervals = new ArrayList<>();
        int seconds = (int) m.measureSeconds();
        for (int s = 0; s < seconds; s++) {
            Histogram h = HistogramLogs.empty();
            h.setStartTimeStamp(windowStartMs + s * 1000L);
            h.setEndTimeStamp(windowStartMs + (s + 1) * 1000L);
            h.setTag(HistogramLogs.OK);
            intervals.add(h);
        }
        for (int i = 0; i < valuesMs.size(); i++) {
            intervals.get(i % seconds).recordValue(valuesMs.get(i) * 1000);
        }
        String phase = m.phaseName();
        HistogramLogs.write(intervals, recording.resolve(phase + ".hlog"), "test");
        long firstRequestMs = windowStartMs - Math.round(m.warmupSeconds() * 1000);
        new PointRecording(phase, m.endpoint(), m.model(), m.shareConcurrency(), m.shareRateRps(), m.target(),
                windowStartMs, windowStartMs + seconds * 1000L, m.measureSeconds(), firstRequestMs,
                valuesMs.size(), ko, ko == 0 ? Map.of() : Map.of("status 503", ko),
                new PointRecording.CpuNanos(null, null, null, loadgenCpuMs * 1_000_000), null, phase + ".hlog")
                .write(recording);
        return dir;
    }
}
