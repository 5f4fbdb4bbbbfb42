package dev.loadlab.lab.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes what {@code ./lab inject} leaves behind for one injector, without running Gatling: injector.json,
 * recording/{phase}.json as PointRecorder writes it, recording/{phase}.hlog with one interval per second,
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", phase);
        result.put("endpoint", m.endpoint());
        result.put("model", m.model());
        result.put("concurrency", m.shareConcurrency());
        result.put("rateRps", m.shareRateRps());
        result.put("baseUrl", m.target());
        result.put("windowStartEpochMs", windowStartMs);
        result.put("windowEndEpochMs", windowStartMs + seconds * 1000L);
        result.put("measureSeconds", m.measureSeconds());
        result.put("ok", (long) valuesMs.size());
        result.put("ko", ko);
        result.put("koByCause", ko == 0 ? Map.of() : Map.of("status 503", ko));
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put("service", null);
        cpu.put("stub", null);
        cpu.put("loadgen", loadgenCpuMs * 1_000_000);
        result.put("cpuNanos", cpu);
        result.put("serviceRssKb", null);
        result.put("histogram", phase + ".hlog");
        SummaryFiles.writeJson(recording.resolve(phase + ".json"), result);
        return dir;
    }
}
