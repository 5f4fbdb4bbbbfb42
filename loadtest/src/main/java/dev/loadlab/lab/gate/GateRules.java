package dev.loadlab.lab.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.LoadParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A gate's rules file ({@code gate/rules.yaml}, or JSON with comments): the CI profile it runs, the
 * statistics settings of the baseline rules, and the rules. Which points a gate run measures follows from
 * the rules: each names its variant(s) and levels.
 */
public record GateRules(Profile profile, StatisticsSettings statistics, List<Rule> rules) {

    public GateRules {
        statistics = statistics == null ? StatisticsSettings.defaults() : statistics;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }


    /**
     * The CI profile: the workload every trial runs.
     *
     * @param endpoint          the scenario's request every trial sends; null = the scenario's mix
     * @param upstreamLatencyMs fixed latency of every upstream; null = the scenario's profiles
     * @param service           service config of both sides (the gate's {@code --service-config} adds to B's)
     * @param repeats           trials of every point a baseline rule compares; A and B alternate within each
     * @param modelRepeats      trials of the points only SLOs and model rules need (e.g. blocking for the
     *                          async/blocking ratio): they run in the first repeats only; null = {@code repeats}
     */
    public record Profile(String endpoint, Integer upstreamLatencyMs, Map<String, String> service, String warmup,
                          String measure, String systemWarmup, String requestTimeout, int repeats,
                          Integer modelRepeats) {

        public Profile {
            service = service == null ? Map.of() : new LinkedHashMap<>(service);
        }

        public int modelRepeatsOr(int repeats) {
            return modelRepeats == null ? repeats : Math.min(modelRepeats, repeats);
        }

        public Duration warmupDuration() {
            return duration("profile.warmup", warmup);
        }

        public Duration measureDuration() {
            return duration("profile.measure", measure);
        }

        public Duration systemWarmupDuration() {
            return duration("profile.systemWarmup", systemWarmup);
        }

        public Duration requestTimeoutDuration() {
            return duration("profile.requestTimeout", requestTimeout);
        }

        private static Duration duration(String key, String text) {
            if (text == null) {
                throw new LabException("rules file: " + key + " is missing; give a duration like 3s");
            }
            try {
                return LoadParameters.duration(text);
            } catch (IllegalArgumentException e) {
                throw new LabException("rules file: " + key + " " + e.getMessage());
            }
        }
    }

    /**
     * How the baseline rules decide "worse": {@code test} mann-whitney (one-sided p &lt; alpha) or bootstrap
     * (the {@code confidence} interval of the change excludes "no change"), and in both cases the median
     * change beyond the rule's tolerance.
     */
    public record StatisticsSettings(String test, Double alpha, Double confidence, Integer resamples, Long seed,
                                     Integer minTrials) {

        public static final String MANN_WHITNEY = "mann-whitney";
        public static final String BOOTSTRAP = "bootstrap";

        /** Unset fields take the defaults: mann-whitney, alpha 0.05, 95% interval, 4000 resamples, >= 3 trials. */
        public StatisticsSettings {
            test = test == null ? MANN_WHITNEY : test;
            alpha = alpha == null ? 0.05 : alpha;
            confidence = confidence == null ? 0.95 : confidence;
            resamples = resamples == null ? 4000 : resamples;
            seed = seed == null ? 1L : seed;
            minTrials = minTrials == null ? 3 : minTrials;
        }

        public static StatisticsSettings defaults() {
            return new StatisticsSettings(null, null, null, null, null, null);
        }
    }

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads and checks a rules file; any problem is a {@link LabException} (exit 2) naming file and field. */
    public static GateRules load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LabException("rules file " + file + " does not exist; pass --rules FILE (default gate/rules.yaml)");
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        GateRules rules;
        try {
            rules = (json ? JSON : YAML).readValue(file.toFile(), GateRules.class);
        } catch (JsonProcessingException e) {
            throw new LabException("rules file " + file + " is not valid: " + e.getOriginalMessage()
                    .lines().findFirst().orElse("") + location(e));
        } catch (IOException e) {
            throw new LabException("cannot read rules file " + file + ": " + e.getMessage(), e);
        }
        if (rules == null) {
            throw new LabException("rules file " + file + " is empty");
        }
        return rules.validated(file);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private GateRules validated(Path file) {
        String where = "rules file " + file + ": ";
        if (profile == null) {
            throw new LabException(where + "no profile section");
        }
        if (profile.upstreamLatencyMs() != null && (profile.upstreamLatencyMs() < 1
                || profile.upstreamLatencyMs() > 10_000)) {
            throw new LabException(where + "profile.upstreamLatencyMs must be 1..10000");
        }
        if (profile.repeats() < 1 || profile.repeats() > 20) {
            throw new LabException(where + "profile.repeats must be 1..20");
        }
        if (profile.modelRepeats() != null && profile.modelRepeats() < 1) {
            throw new LabException(where + "profile.modelRepeats must be >= 1");
        }
        profile.warmupDuration();
        profile.measureDuration();
        profile.systemWarmupDuration();
        profile.requestTimeoutDuration();
        StatisticsSettings stats = statistics();
        if (!Set.of(StatisticsSettings.MANN_WHITNEY, StatisticsSettings.BOOTSTRAP).contains(stats.test())) {
            throw new LabException(where + "statistics.test must be mann-whitney or bootstrap");
        }
        if (!(stats.alpha() > 0 && stats.alpha() < 0.5) || !(stats.confidence() > 0.5 && stats.confidence() < 1)
                || stats.resamples() < 100 || stats.minTrials() < 2) {
            throw new LabException(where + "statistics: alpha must be in (0, 0.5), confidence in (0.5, 1),"
                    + " resamples >= 100, minTrials >= 2");
        }
        if (rules.isEmpty()) {
            throw new LabException(where + "no rules");
        }
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (rule.id() == null || !rule.id().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new LabException(where + "every rule needs an id of 1-64 letters, digits, '.', '_' or '-'");
            }
            if (!ids.add(rule.id())) {
                throw new LabException(where + "rule id '" + rule.id() + "' is used twice");
            }
            String problem = rule.problem();
            if (problem != null) {
                throw new LabException(where + "rule " + rule.id() + ": " + problem);
            }
        }
        return this;
    }

    /** Every (mode, level) some rule needs; {@code compared} when a baseline rule compares it. */
    public Set<Rule.Need> needs() {
        Set<Rule.Need> needs = new LinkedHashSet<>();
        rules.forEach(rule -> needs.addAll(rule.needs()));
        return needs;
    }
}
