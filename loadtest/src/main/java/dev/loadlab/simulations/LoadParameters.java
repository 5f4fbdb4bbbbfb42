package dev.loadlab.simulations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Everything a simulation is parameterised by, read once from system properties with defaults.
 * The lab passes these as {@code -Dloadlab.*}; {@code ./mvnw -pl loadtest gatling:test} users pass them the same way.
 */
public record LoadParameters(
        String baseUrl,
        String endpoint,
        List<Integer> concurrencyLevels,
        List<Double> arrivalRatesRps,
        Duration warmup,
        Duration measure,
        Duration requestTimeout,
        Path outputDir,
        OptionalLong servicePid,
        OptionalLong stubPid,
        long maxRequests,
        Optional<Path> startFile,
        Optional<Path> requestMixFile) {

    /** The built-in scenario's requests ({@code scenarios/sun.yaml}). */
    public static final List<String> ENDPOINTS = List.of("sun", "weather", "city");

    public LoadParameters {
        if (!endpoint.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("loadlab.endpoint names the requests in file names: use 1-40 letters,"
                    + " digits, '.', '_' or '-', got '" + endpoint + "'");
        }
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("loadlab.baseUrl must be an http(s) URL, got '" + baseUrl + "'");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public static LoadParameters fromSystemProperties() {
        return new LoadParameters(
                prop("loadlab.baseUrl", "http://127.0.0.1:8080/api/async"),
                prop("loadlab.endpoint", "sun"),
                Arrays.stream(prop("loadlab.levels", "16,64").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList(),
                Arrays.stream(prop("loadlab.rates", "50").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).map(Double::parseDouble).toList(),
                duration(prop("loadlab.warmup", "3s")),
                duration(prop("loadlab.measure", "10s")),
                duration(prop("loadlab.requestTimeout", "10s")),
                Path.of(prop("loadlab.output", "target/loadlab")),
                optionalLong(System.getProperty("loadlab.servicePid")),
                optionalLong(System.getProperty("loadlab.stubPid")),
                Long.parseLong(prop("loadlab.maxRequests", "5000000")),
                optionalPath("loadlab.startFile"),
                optionalPath("loadlab.requestMix"));
    }

    /**
     * The {@code -Dloadlab.*} properties {@link #fromSystemProperties()} reads back into these parameters.
     * Empty levels or rates are left out, so they read back as the defaults (a closed point has no rates, an open
     * one no levels, and neither simulation reads the other's); durations keep whole milliseconds.
     */
    public Map<String, String> toSystemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("loadlab.baseUrl", baseUrl);
        properties.put("loadlab.endpoint", endpoint);
        if (!concurrencyLevels.isEmpty()) {
            properties.put("loadlab.levels", concurrencyLevels.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (!arrivalRatesRps.isEmpty()) {
            properties.put("loadlab.rates", arrivalRatesRps.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        properties.put("loadlab.warmup", warmup.toMillis() + "ms");
        properties.put("loadlab.measure", measure.toMillis() + "ms");
        properties.put("loadlab.requestTimeout", requestTimeout.toMillis() + "ms");
        properties.put("loadlab.output", outputDir.toString());
        properties.put("loadlab.maxRequests", String.valueOf(maxRequests));
        servicePid.ifPresent(pid -> properties.put("loadlab.servicePid", String.valueOf(pid)));
        stubPid.ifPresent(pid -> properties.put("loadlab.stubPid", String.valueOf(pid)));
        startFile.ifPresent(file -> properties.put("loadlab.startFile", file.toString()));
        requestMixFile.ifPresent(file -> properties.put("loadlab.requestMix", file.toString()));
        return properties;
    }

    /** What each request is: the lab's file, or else the built-in scenario's request named {@link #endpoint}. */
    public RequestMix requestMix() {
        return requestMixFile.map(RequestMix::read)
                .orElseGet(() -> dev.loadlab.lab.scenario.ScenarioFiles.builtIn().requests().only(endpoint));
    }

    /**
     * Without a start file: injection starts as soon as the simulation is ready. With one
     * ({@code loadlab.startFile}), the simulation says it is ready and waits for the instant written
     * there ({@link StartSignal}), so several injectors send their first request together.
     */
    public LoadParameters(String baseUrl, String endpoint, List<Integer> concurrencyLevels,
                          List<Double> arrivalRatesRps, Duration warmup, Duration measure, Duration requestTimeout,
                          Path outputDir, OptionalLong servicePid, OptionalLong stubPid, long maxRequests) {
        this(baseUrl, endpoint, concurrencyLevels, arrivalRatesRps, warmup, measure, requestTimeout, outputDir,
                servicePid, stubPid, maxRequests, Optional.empty(), Optional.empty());
    }

    /** One phase = warm-up then measured window; the phase after it starts when it ends. */
    public Duration phaseLength() {
        return warmup.plus(measure);
    }

    private static String prop(String key, String defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static Optional<Path> optionalPath(String key) {
        return Optional.ofNullable(System.getProperty(key)).filter(s -> !s.isBlank()).map(Path::of);
    }

    private static OptionalLong optionalLong(String value) {
        return value == null || value.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
    }

    /** Parses {@code 500ms}, {@code 3s}, {@code 2m} or ISO-8601 ({@code PT3S}). */
    public static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000));
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: use 500ms, 3s, 2m or PT3S");
    }
}
