package dev.loadlab.lab.results;

import dev.loadlab.lab.scenario.ScenarioFiles;
import java.util.Map;

/**
 * The upstream latency a request of the built-in scenario cannot avoid, as {@code scenarios/sun.yaml} declares it
 * (sun = location + sun; weather; city = max(location + sun, weather), or all three in sequence on blocking), for
 * the readers that know only an endpoint and a mode: merged runs and the reliability commands.
 */
public final class CriticalPath {

    private CriticalPath() {
    }

    public static double ms(String endpoint, String variant, Map<String, Double> meanLatencyMs) {
        var scenario = ScenarioFiles.builtIn();
        if (!scenario.criticalPaths().containsKey(endpoint)) {
            throw new IllegalArgumentException("unknown endpoint " + endpoint);
        }
        return scenario.criticalPath(variant, endpoint).ms(meanLatencyMs);
    }
}
