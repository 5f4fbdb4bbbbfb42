package dev.loadlab.lab.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stub upstreams' admin API as the scenarios use it: apply a partial config (faults, latency), go back to
 * the start config, and read how many faults the stub has injected so far ({@code GET {admin}/loadlab/faults}).
 */
final class StubAdmin {

    private final LabHttp http;
    private final String adminUrl;

    StubAdmin(LabHttp http, String adminUrl) {
        this.http = http;
        this.adminUrl = adminUrl;
    }

    /** Applies a partial config ({@code {"faults":{"sun":{"reset":0.1}}}}); returns when the stub has it. */
    void apply(String json) {
        http.post(adminUrl + "/loadlab/config", json);
    }

    void reset() {
        http.post(adminUrl + "/loadlab/config/reset", "");
    }

    /** Faults injected since the stub started, keyed {@code api:kind} (e.g. {@code sun:reset}). */
    Map<String, Long> injected() {
        try {
            JsonNode root = SummaryFiles.JSON.readTree(http.get(adminUrl + "/loadlab/faults", Duration.ofSeconds(5))
                    .body());
            Map<String, Long> counts = new LinkedHashMap<>();
            root.properties().forEach(api -> api.getValue().properties().forEach(kind ->
                    counts.put(api.getKey() + ":" + kind.getKey(), kind.getValue().asLong())));
            return counts;
        } catch (IOException e) {
            throw new LabException("cannot read the stub's fault counts at " + adminUrl + "/loadlab/faults ("
                    + e.getMessage() + ")", e);
        }
    }

    /** What was injected between two readings, leaving out the zeros. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((key, count) -> {
            long d = count - before.getOrDefault(key, 0L);
            if (d != 0) {
                delta.put(key, d);
            }
        });
        return delta;
    }
}
