package dev.loadlab.lab.results;

import java.util.Map;

/**
 * The upstream latency a request cannot avoid: calls in sequence add up, concurrent calls overlap.
 * sun = location + sun; weather = weather; city = location + sun + weather when the variant runs them
 * one after another (blocking), max(location + sun, weather) when it runs weather alongside.
 */
public final class CriticalPath {

    private CriticalPath() {
    }

    public static double ms(String endpoint, String variant, Map<String, Double> meanLatencyMs) {
        double location = meanLatencyMs.getOrDefault("location", 0.0);
        double sun = meanLatencyMs.getOrDefault("sun", 0.0);
        double weather = meanLatencyMs.getOrDefault("weather", 0.0);
        return switch (endpoint) {
            case "sun" -> location + sun;
            case "weather" -> weather;
            case "city" -> "blocking".equals(variant) ? location + sun + weather : Math.max(location + sun, weather);
            default -> throw new IllegalArgumentException("unknown endpoint " + endpoint);
        };
    }
}
