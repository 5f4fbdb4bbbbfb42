package dev.loadlab.lab.gate;

import dev.loadlab.lab.run.Environments;
import dev.loadlab.lab.run.ExperimentPlan;
import dev.loadlab.lab.run.GatlingPoint;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.LoadSettings;
import dev.loadlab.lab.run.PointSpec;
import dev.loadlab.lab.run.SystemSpec;
import dev.loadlab.lab.run.SystemWarmUp;
import dev.loadlab.stubs.Api;
import dev.loadlab.stubs.StubCli;
import dev.loadlab.stubs.StubConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a rules file into a run: the points the rules need, each repeated, and, for the points a baseline rule
 * compares, the baseline-shaped A ({@code base-<mode>}, its own embedded system) alternating with the build
 * under test B ({@code head-<mode>}): A then B in odd repeats, B then A in even ones, so drift of a shared
 * machine and warm-up order touch both alike.
 *
 * @param experiment what {@link dev.loadlab.lab.run.Experiment} runs
 * @param setup      what each side is, written next to the run's summary
 */
public record GatePlan(ExperimentPlan experiment, GateSetup setup) {

    static final String SERVICE_JAR = "service/target/service.jar";

    /**
     * @param baseline      a stored baseline; in A/B its service config shapes A
     * @param ab            run A alongside B (else baseline rules compare with the stored baseline)
     * @param baseBuild     another checkout whose built service is A; null = this checkout's
     * @param headOverrides service config keys for B only (e.g. the proof's degrade.extra-latency-ms=40)
     * @param repeats       overrides profile.repeats when not null
     * @param injectors     load-generator JVMs per trial, each driving 1/N of the users, merged exactly
     */
    public static GatePlan of(GateRules rules, Path rulesFile, StoredBaseline baseline, String baselineFile,
                              boolean ab, Path baseBuild, Map<String, String> headOverrides, Integer repeats,
                              int injectors, Path resultsDir, String name, String commandLine) {
        GateRules.Profile profile = rules.profile();
        int trials = repeats != null ? repeats : profile.repeats();
        if (trials < 1 || trials > 20) {
            throw new LabException("--repeats " + trials + " is out of range: use 1..20");
        }
        if (injectors < 1 || injectors > 8) {
            throw new LabException("--injectors " + injectors + " is out of range: use 1..8");
        }
        Map<String, Boolean> comparedByPoint = new HashMap<>(); // "level/mode" -> a baseline rule compares it
        Map<Integer, Set<String>> modesByLevel = new TreeMap<>();
        Set<String> abModes = new LinkedHashSet<>();
        for (Rule.Need need : rules.needs()) {
            modesByLevel.computeIfAbsent(need.concurrency(), l -> new TreeSet<>(
                    (x, y) -> Integer.compare(GateRules.MODES.indexOf(x), GateRules.MODES.indexOf(y))))
                    .add(need.mode());
            comparedByPoint.merge(need.concurrency() + "/" + need.mode(), need.compared(), Boolean::logicalOr);
            if (ab && need.compared()) {
                abModes.add(need.mode());
            }
        }
        if (modesByLevel.isEmpty()) {
            throw new LabException("rules file " + rulesFile + ": no rule names a mode and level to measure");
        }
        boolean anyAb = !abModes.isEmpty();

        List<PointSpec> order = new ArrayList<>();
        Set<String> variants = new LinkedHashSet<>();
        for (int repeat = 1; repeat <= trials; repeat++) {
            for (Map.Entry<Integer, Set<String>> level : modesByLevel.entrySet()) {
                for (String mode : level.getValue()) {
                    boolean compared = comparedByPoint.get(level.getKey() + "/" + mode);
                    if (!compared && repeat > profile.modelRepeatsOr(trials)) {
                        continue; // only SLOs and model rules read it: fewer trials do
                    }
                    boolean pointAb = ab && compared;
                    List<String> sides = !pointAb ? List.of(Trial.HEAD)
                            : repeat % 2 == 1 ? List.of(Trial.BASE, Trial.HEAD) : List.of(Trial.HEAD, Trial.BASE);
                    for (String side : sides) {
                        String variant = anyAb ? side + "-" + mode : mode;
                        variants.add(variant);
                        order.add(PointSpec.closed(variant, level.getKey(), repeat, null));
                    }
                }
            }
        }

        Map<String, String> headConfig = new LinkedHashMap<>(profile.service());
        headConfig.putAll(headOverrides);
        Map<String, String> baseConfig = new LinkedHashMap<>(baseline != null ? baseline.serviceConfig()
                : profile.service());
        Path baseJar = baseBuild == null ? null : baseBuild.resolve(SERVICE_JAR);
        if (baseJar != null && !Files.isRegularFile(baseJar)) {
            throw new LabException("--base-build " + baseBuild + " has no " + SERVICE_JAR + ": build that checkout"
                    + " first (cd " + baseBuild + " && ./mvnw -q -B -DskipTests package)");
        }
        Map<String, String> headVariants = new LinkedHashMap<>();
        Map<String, String> baseVariants = new LinkedHashMap<>();
        for (String variant : variants) {
            String[] sideAndMode = GateData.sideAndMode(variant);
            (Trial.BASE.equals(sideAndMode[0]) ? baseVariants : headVariants).put(variant, sideAndMode[1]);
        }
        List<SystemSpec> systems = new ArrayList<>();
        Map<String, GateSetup.Side> sides = new LinkedHashMap<>();
        String thisCheckout = "this checkout";
        if (anyAb) {
            systems.add(new SystemSpec(Trial.BASE, baseJar, baseConfig, baseVariants));
            sides.put(Trial.BASE, new GateSetup.Side(baseBuild == null ? thisCheckout : baseBuild.toString(),
                    baseBuild == null ? Environments.gitCommit() : Environments.gitCommit(baseBuild), baseConfig));
        }
        systems.add(new SystemSpec(anyAb ? Trial.HEAD : "service", null, headConfig, headVariants));
        sides.put(Trial.HEAD, new GateSetup.Side(thisCheckout, Environments.gitCommit(), headConfig));

        List<String> stubArgs = List.of("--latency-ms", String.valueOf(profile.upstreamLatencyMs()), "--profile", "fixed");
        LoadSettings load = new LoadSettings(profile.endpoint(), profile.warmupDuration(), profile.measureDuration(),
                profile.requestTimeoutDuration(), 2_000_000);
        ExperimentPlan experiment = new ExperimentPlan(name, resultsDir, commandLine, List.copyOf(variants),
                Map.of(), List.copyOf(modesByLevel.keySet()), List.of(), trials, injectors, load, "fixed",
                meanLatencyMs(stubArgs), stubArgs, intConfig(headConfig, "blocking.pool-size", 64),
                intConfig(headConfig, "blocking.queue-size", 1024), headConfig, List.of("-Xmx1g"),
                profile.systemWarmupDuration(), systems, order,
                GatlingPoint.loadGeneratorJvmArgs("gatling-gate.jsa", injectors),
                warmupClients(modesByLevel.keySet()));
        return new GatePlan(experiment, new GateSetup(sides, rulesFile.toString(), baselineFile));
    }

    /**
     * The system warm-up drives 4x the highest level: its rate is capped by users / critical path, and the more
     * requests the service has JIT-compiled before the first point, the less compilation (CPU) lands in the
     * measured windows of the first repeats.
     */
    static int warmupClients(Set<Integer> levels) {
        return Math.max(SystemWarmUp.DEFAULT_CLIENTS, 4 * levels.stream().max(Integer::compare).orElse(0));
    }

    /** A first estimate of the whole run: start-up, system warm-up and every point. */
    public Duration estimate() {
        ExperimentPlan p = experiment;
        return p.estimatedPointDuration().multipliedBy(p.pointCount())
                .plus(p.systemWarmup().multipliedBy(p.variants().size()))
                .plusSeconds(8L * p.systems().size());
    }

    /** e.g. {@code async@8 A/B x5, blocking@64 x2, async@64 A/B x5: 22 points}. */
    public String describe() {
        Map<String, Set<Integer>> repeatsByPoint = new LinkedHashMap<>();
        Set<String> ab = new LinkedHashSet<>();
        for (PointSpec point : experiment.pointOrder()) {
            String[] sideAndMode = GateData.sideAndMode(point.variant());
            String key = sideAndMode[1] + "@" + point.concurrency();
            repeatsByPoint.computeIfAbsent(key, k -> new TreeSet<>()).add(point.repeat());
            if (Trial.BASE.equals(sideAndMode[0])) {
                ab.add(key);
            }
        }
        List<String> parts = new ArrayList<>();
        repeatsByPoint.forEach((key, repeats) -> parts.add(key + (ab.contains(key) ? " A/B" : "") + " x" + repeats.size()));
        return String.join(", ", parts) + ": " + experiment.pointCount() + " points"
                + (experiment.injectors() > 1 ? ", " + experiment.injectors() + " injectors each" : "");
    }

    private static Map<String, Double> meanLatencyMs(List<String> stubArgs) {
        StubConfig config;
        try {
            config = StubCli.parseConfig(stubArgs.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage());
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (Api api : Api.values()) {
            means.put(api.key(), config.meanLatencyMs(api));
        }
        return means;
    }

    private static int intConfig(Map<String, String> config, String key, int defaultValue) {
        String value = config.get(key);
        try {
            return value == null ? defaultValue : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LabException("service config " + key + "=" + value + " is not a number");
        }
    }
}
