package dev.loadlab.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.PointResult;
import dev.loadlab.lab.run.LabException;
import io.gatling.javaapi.core.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording crosses a JVM boundary: what the simulation writes is exactly what the lab reads. */
class PointRecordingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void the_lab_reads_back_what_the_recorder_wrote_in_the_gatling_jvm() {
        LoadParameters params = new LoadParameters("http://127.0.0.1:1/api/async", "sun", List.of(8), List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), dir, OptionalLong.empty(),
                OptionalLong.empty(), 100);
        PointRecorder recorder = new PointRecorder(params, List.of(Phase.closed("sun", 8, 0, params)));
        // An hour ahead: the window's CPU samples are never taken while the test runs, so the result is fixed.
        long firstRequest = System.currentTimeMillis() + 3_600_000;
        recorder.start();
        assertThat(recorder.nameAt(firstRequest)).isEqualTo(Phase.WARM_UP);
        String phase = recorder.nameAt(firstRequest + 1_500);
        recorder.record(answered(firstRequest + 1_500, 200, 12), phase);
        recorder.record(answered(firstRequest + 1_600, 200, 30), phase);
        recorder.record(answered(firstRequest + 1_700, 503, 4).markAsFailed(), phase);
        recorder.finish();

        PointResult read = PointResult.read(PointRecording.file(dir, phase), null);

        assertThat(read.recording()).isEqualTo(new PointRecording("sun-c8", "sun", "closed", 8, null,
                "http://127.0.0.1:1/api/async", firstRequest + 1_000, firstRequest + 3_000, 2.0, firstRequest, 2, 1,
                Map.of("status 503", 1L), PointRecording.CpuNanos.NOT_SAMPLED, null, "sun-c8.hlog"));
        assertThat(read.histogramFile()).isEqualTo(dir.resolve("sun-c8.hlog"));
        assertThat(HistogramLogs.total(read.histogramFile(), HistogramLogs.OK).getTotalCount()).isEqualTo(2);
    }

    @Test
    void every_field_survives_the_file() {
        PointRecording written = recording();

        assertThat(PointRecording.read(written.write(dir))).isEqualTo(written);
    }

    @Test
    void a_renamed_field_is_refused_naming_the_file_and_the_field_the_lab_misses() throws Exception {
        Path file = recording().write(dir);
        ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
        json.set("okCount", json.remove("ok"));
        JSON.writeValue(file.toFile(), json);

        assertThatThrownBy(() -> PointResult.read(file, null)).isInstanceOf(LabException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'ok'")
                .hasMessageContaining("same version");
    }

    @Test
    void a_field_the_lab_does_not_know_is_refused_rather_than_ignored() throws Exception {
        Path file = recording().write(dir);
        ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
        json.put("p99Ms", 12.5);
        JSON.writeValue(file.toFile(), json);

        assertThatThrownBy(() -> PointResult.read(file, null)).isInstanceOf(LabException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("\"p99Ms\"");
    }

    private static PointRecording recording() {
        return new PointRecording("sun-r12.5", "sun", "open", null, 12.5, "http://127.0.0.1:1/api/async",
                1_000, 11_000, 10.0, 900L, 120, 3, Map.of("status 503", 2L, "timeout", 1L),
                new PointRecording.CpuNanos(4_000_000L, 1_000_000L, null, 9_000_000L), 81_920L, "sun-r12.5.hlog");
    }

    /** The session Gatling leaves behind after one request, as the simulations' chains set it. */
    private static Session answered(long sentAtMs, int status, int responseMs) {
        io.gatling.core.session.Session gatling = new io.gatling.core.session.Session("test", 1,
                scala.collection.immutable.Map$.MODULE$.empty(), io.gatling.commons.stats.OK$.MODULE$,
                scala.collection.immutable.List$.MODULE$.empty(), io.gatling.core.session.Session.NothingOnExit(),
                null);
        return new Session(gatling).set(MixRequests.SENT_AT_MS, sentAtMs).set(MixRequests.STATUS, status)
                .set(MixRequests.RESPONSE_TIME_MS, responseMs);
    }
}
