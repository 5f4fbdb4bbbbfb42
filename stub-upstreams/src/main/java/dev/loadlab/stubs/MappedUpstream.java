package dev.loadlab.stubs;

import wiremock.com.fasterxml.jackson.annotation.JsonInclude;
import wiremock.com.fasterxml.jackson.core.JsonProcessingException;
import wiremock.com.fasterxml.jackson.databind.JsonMappingException;
import wiremock.com.fasterxml.jackson.databind.ObjectMapper;
import wiremock.com.fasterxml.jackson.databind.SerializationFeature;
import wiremock.com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import wiremock.com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One fake upstream made of WireMock stub mappings (WireMock's own JSON files, e.g. written by {@code ./lab record}),
 * served by the stub process on its own port with a latency profile and faults, the same machinery as the built-in
 * APIs ({@link LatencyAndFaults}). The lab writes a list of them with {@link #write}; the stub process reads it with
 * {@link #read} ({@code --mapped-upstreams FILE}): this record is the contract between the two.
 *
 * <p>Checked when built: every message names the upstream and the fix.
 *
 * @param name        {@code [a-z][a-z0-9-]*}, not {@code location}, {@code sun}, {@code weather} or {@code admin};
 *                    the key of its URL in the ready line
 * @param mappingsDir absolute path of the WireMock root folder: {@code mappingsDir/mappings/*.json} (required),
 *                    {@code mappingsDir/__files/} (optional, response bodies)
 * @param latency     the latency profile of every response; {@code null} keeps each mapping's own delay
 *                    ({@code fixedDelayMilliseconds}, {@code delayDistribution}, none if it sets none)
 * @param faults      share (0..1) of requests per fault kind ({@code http500}, {@code http503}, {@code reset},
 *                    {@code malformed}, {@code slow}); missing kinds are 0; the shares add up to at most 1
 *
 * <p>{@code latency} and {@code faults} are the upstream's start config: the admin route changes them while the stub
 * runs ({@link StubConfig#mappedLatencyMs()}, {@link StubConfig#mappedFaults()}) and its reset returns to them.
 */
public record MappedUpstream(String name, String mappingsDir, Latency latency, Map<String, Double> faults) {
    private static final Set<String> RESERVED = Set.of("location", "sun", "weather", "admin");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    public MappedUpstream {
        checkName(name);
        try {
            checkFolder(mappingsDir);
            if (latency != null) {
                latency.check();
            }
            faults = canonical(faults == null ? Map.of() : faults);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("upstream " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a mapped upstream's name: {@code [a-z][a-z0-9-]*}, not a built-in API's or {@code admin}.
     *
     * @throws IllegalArgumentException naming the fix
     */
    public static String checkName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("upstream name '" + name + "' is not allowed: use lower-case letters, digits"
                                                       + " and '-', starting with a letter (e.g. pricing)");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("upstream name '" + name + "' is taken by the stub's built-in "
                                                       + (name.equals("admin") ? "admin URL" : "API")
                                                       + ": call it something else (e.g. " + name + "-mapped)");
        }
        return name;
    }

    /** The WireMock root folder. */
    public Path folder() {
        return Path.of(mappingsDir);
    }

    /** The fault shares, typed. */
    public Faults faultShares() {
        return faultShares(faults);
    }

    /**
     * Writes the list, in the form {@link #read} takes: a JSON array of these records.
     *
     * @throws IllegalArgumentException if two upstreams share a name
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path file, List<MappedUpstream> upstreams) throws IOException {
        checkNames(upstreams);
        Files.writeString(file, JSON.writeValueAsString(upstreams) + System.lineSeparator());
    }

    /**
     * Reads and checks a list written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file, the upstream and the fix
     */
    public static List<MappedUpstream> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("mapped upstreams file " + file + " does not exist: give the file the lab wrote");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mapped upstreams file " + file + " (" + e + ")");
        }
        try {
            return checkNames(List.of(JSON.readValue(text, MappedUpstream[].class)));
        } catch (ValueInstantiationException e) {
            // a record's own check failed: its message names the upstream and the fix
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException(file + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            String what = e instanceof UnrecognizedPropertyException u
                    ? "unknown key '" + u.getPropertyName() + "' at " + path(u) + ", known: " + u.getKnownPropertyIds()
                    : e.getOriginalMessage() + (e instanceof JsonMappingException m ? " at " + path(m) : "");
            throw new IllegalArgumentException(file + " is not a mapped upstreams list (" + where + what
                                                       + "): write it with MappedUpstream.write");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Where in the file, e.g. {@code [0].latency.ms}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder(e.getPath().isEmpty() ? "the top" : "");
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.append(ref.getFieldName() == null ? "[" + ref.getIndex() + "]" : "." + ref.getFieldName());
        }
        return path.toString();
    }

    static List<MappedUpstream> checkNames(List<MappedUpstream> upstreams) {
        Set<String> names = new HashSet<>();
        for (MappedUpstream upstream : upstreams) {
            if (!names.add(upstream.name())) {
                throw new IllegalArgumentException("upstream " + upstream.name() + " is named twice: give each upstream"
                                                           + " its own name");
            }
        }
        return List.copyOf(upstreams);
    }

    private static void checkFolder(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("no mappingsDir: give the folder that holds mappings/*.json");
        }
        Path folder = Path.of(dir);
        if (!folder.isAbsolute()) {
            throw new IllegalArgumentException("mappings folder '" + dir + "' is not an absolute path: resolve it first");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("mappings folder " + dir + " does not exist: fix the path, or record one"
                                                       + " with ./lab record --upstream NAME=URL --out DIR");
        }
        if (!Files.isDirectory(folder.resolve("mappings"))) {
            throw new IllegalArgumentException("folder " + dir + " has no mappings/ folder: put WireMock stub mappings in "
                                                       + folder.resolve("mappings") + "/*.json (./lab record writes them)");
        }
    }

    /** Checked, keyed by {@link FaultKind#key()} in the kinds' order. */
    private static Map<String, Double> canonical(Map<String, Double> faults) {
        Map<FaultKind, Double> shares = new EnumMap<>(FaultKind.class);
        faults.forEach((key, share) -> {
            if (share == null) {
                throw new IllegalArgumentException("fault share " + key + " is empty: use a number from 0 to 1");
            }
            shares.put(FaultKind.fromKey(key), share);
        });
        Faults checked = new Faults(shares); // each share 0..1, the sum at most 1
        Map<String, Double> byKey = new LinkedHashMap<>();
        shares.keySet().forEach(kind -> byKey.put(kind.key(), checked.share(kind)));
        return Collections.unmodifiableMap(byKey);
    }

    private static Faults faultShares(Map<String, Double> faults) {
        Map<FaultKind, Double> shares = new EnumMap<>(FaultKind.class);
        faults.forEach((key, share) -> shares.put(FaultKind.fromKey(key), share));
        return new Faults(shares);
    }

    /**
     * The latency profile of a mapped upstream: the delay of each response, replacing the mapping's own.
     *
     * @param profile   {@code fixed} (every response {@code ms}), {@code lognormal} (WireMock's, median {@code ms},
     *                  shape {@code sigma}), {@code uniform} ({@code ms} plus or minus {@code spreadMs}, clamped at 0)
     *                  or {@code empirical} (a uniformly random pick from {@code samplesMs}, as {@code ./lab record}
     *                  measures them)
     * @param ms        fixed delay, log-normal median or uniform centre (ms); not used by {@code empirical}
     * @param sigma     {@code lognormal} shape, above 0 and at most 5; default 0.1 (as the built-in APIs)
     * @param spreadMs  {@code uniform} half-width (ms); default 20 (as the built-in APIs)
     * @param samplesMs {@code empirical} latencies (ms), at least one
     */
    public record Latency(String profile, Double ms, Double sigma, Double spreadMs, List<Double> samplesMs) {
        private static final List<String> PROFILES = List.of("fixed", "lognormal", "uniform", "empirical");

        public Latency {
            profile = profile == null ? null : profile.toLowerCase(Locale.ROOT);
            if ("lognormal".equals(profile) && sigma == null) {
                sigma = StubConfig.DEFAULT_SIGMA;
            }
            if ("uniform".equals(profile) && spreadMs == null) {
                spreadMs = (double) StubConfig.DEFAULT_SPREAD_MS;
            }
            samplesMs = samplesMs == null ? null : Collections.unmodifiableList(new ArrayList<>(samplesMs));
        }

        public static Latency fixed(double ms) {
            return new Latency("fixed", ms, null, null, null);
        }

        public static Latency lognormal(double medianMs, double sigma) {
            return new Latency("lognormal", medianMs, sigma, null, null);
        }

        public static Latency uniform(double centreMs, double spreadMs) {
            return new Latency("uniform", centreMs, null, spreadMs, null);
        }

        public static Latency empirical(List<Double> samplesMs) {
            return new Latency("empirical", null, null, null, samplesMs);
        }

        /**
         * Mean delay (ms) of a response: fixed {@code ms}; lognormal {@code ms·exp(sigma²/2)}; uniform the centre of
         * its (clamped) range; empirical the mean of the samples. Delays are whole milliseconds, as WireMock's are.
         */
        public double meanMs() {
            return delay().meanMs();
        }

        /** How this profile delays one response. */
        Delay delay() {
            return switch (profile) {
                case "fixed" -> new Delay.Fixed(wholeMs(ms));
                case "lognormal" -> new Delay.LogNormal(ms, sigma);
                case "uniform" -> Delay.Uniform.around(wholeMs(ms), wholeMs(spreadMs));
                case "empirical" -> new Delay.Samples(samplesMs);
                default -> throw new IllegalStateException("unchecked latency profile " + profile);
            };
        }

        void check() {
            if (!PROFILES.contains(profile)) {
                throw new IllegalArgumentException("latency profile '" + profile + "' is unknown: use fixed, lognormal,"
                                                           + " uniform or empirical");
            }
            if (profile.equals("empirical")) {
                if (samplesMs == null || samplesMs.isEmpty()) {
                    throw new IllegalArgumentException("empirical latency has no samples: give at least one in samplesMs"
                                                               + " (./lab record writes them to latencies.json)");
                }
                for (Double sample : samplesMs) {
                    checkMs("latency sample", sample);
                }
                return;
            }
            checkMs(profile + " latency ms", ms);
            if (profile.equals("lognormal") && !(sigma > 0 && sigma <= 5)) {
                throw new IllegalArgumentException("latency sigma " + sigma + " is out of range: use a number above 0"
                                                           + " and at most 5");
            }
            if (profile.equals("uniform")) {
                checkMs("latency spreadMs", spreadMs);
            }
        }

        private static void checkMs(String what, Double value) {
            if (value == null) {
                throw new IllegalArgumentException(what + " is missing: give a number of ms from 0 to " + StubConfig.MAX_DELAY_MS);
            }
            if (!(value >= 0 && value <= StubConfig.MAX_DELAY_MS)) {
                throw new IllegalArgumentException(what + " " + value + " is out of range: use 0 to "
                                                           + StubConfig.MAX_DELAY_MS + " ms");
            }
        }

        private static int wholeMs(double ms) {
            return (int) Math.round(ms);
        }
    }
}
