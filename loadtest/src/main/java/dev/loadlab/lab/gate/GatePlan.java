package dev.loadlab.lab.gate;

import dev.loadlab.lab.run.Environments;
import dev.loadlab.lab.run.FakeUpstreams;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.simulations.RequestMix;
import dev.loadlab.lab.run.ExperimentPlan;
import dev.loadlab.lab.run.GatlingPoint;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.LoadSettings;
import dev.loadlab.lab.run.PointSpec;
import dev.loadlab.lab.run.SystemSpec;
import dev.loadlab.lab.run.SystemWarmUp;
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
     * What the gate is asked to run, besides its rules. Built with {@link #options()}.
     *
     * @param baseline      a stored baseline; in A/B its service config shapes A
     * @param ab            run A alongside B (else baseline rules compare with the stored baseline)
     * @param baseBuild     another checkout that is A (its service jar, the scenario's commands run there); null =
     *                      this checkout
     * @param headOverrides service config keys for B only (e.g. the proof's degrade.extra-latency-ms=40)
     * @param headEnv       environment for B's variants started by command only (e.g. a proof knob)
     * @param repeats       overrides profile.repeats when not null
     * @param injectors     load-generator JVMs per trial, each driving 1/N of the users, merged exactly
     * @param scenario      what is measured; the rules name its variants
     */
    public record Options(Path rulesFile, StoredBaseline baseline, String baselineFile, boolean ab, Path baseBuild,
                          Map<String, String> headOverrides, Map<String, String> headEnv, Integer repeats,
                          int injectors, Path resultsDir, String name, String commandLine, Scenario scenario,
                          String scenarioFile) {

        public Options withBaseline(StoredBaseline stored, String file) {
            return new Options(rulesFile, stored, file, ab, baseBuild, headOverrides, headEnv, repeats, injectors,
                    resultsDir, name, commandLine, scenario, scenarioFile);
        }

        public Options withAb(boolean value) {
            return new Options(rulesFile, baseline, baselineFile, value, baseBuild, headOverrides, headEnv, repeats,
                    injectors, resultsDir, name, commandLine, scenario, scenarioFile);
        }

        public Options withBaseBuild(Path value) {
            return new Options(rulesFile, baseline, baselineFile, ab, value, headOverrides, headEnv, repeats,
                    injectors, resultsDir, name, commandLine, scenario, scenarioFile);
        }

        public Options withHead(Map<String, String> serviceConfig, Map<String, String> env) {
            return new Options(rulesFile, baseline, baselineFile, ab, baseBuild, Map.copyOf(serviceConfig),
                    Map.copyOf(env), repeats, injectors, resultsDir, name, commandLine, scenario, scenarioFile);
        }

        public Options withTrials(Integer repeatsOverride, int injectorCount) {
            return new Options(rulesFile, baseline, baselineFile, ab, baseBuild, headOverrides, headEnv,
                    repeatsOverride, injectorCount, resultsDir, name, commandLine, scenario, scenarioFile);
        }

        public Options withScenario(Scenario value, String file) {
            return new Options(rulesFile, baseline, baselineFile, ab, baseBuild, headOverrides, headEnv, repeats,
                    injectors, resultsDir, name, commandLine, value, file);
        }
    }

    /**
     * The defaults: A/B, this checkout as A, no baseline or overrides, the profile's repeats, one injector, the
     * built-in scenario.
     */
    public static Options options(Path rulesFile, Path resultsDir, String name, String commandLine) {
        return new Options(rulesFile, null, null, true, null, Map.of(), Map.of(), null, 1, resultsDir, name,
                commandLine, ScenarioFiles.builtIn(), ScenarioFiles.BUILT_IN);
    }

    public static GatePlan of(GateRules rules, Options options) {
        Path rulesFile = options.rulesFile();
        StoredBaseline baseline = options.baseline();
        String baselineFile = options.baselineFile();
        boolean ab = options.ab();
        Path baseBuild = options.baseBuild();
        Map<String, String> headOverrides = options.headOverrides();
        Map<String, String> headEnv = options.headEnv();
        Integer repeats = options.repeats();
        int injectors = options.injectors();
        Path resultsDir = options.resultsDir();
        String name = options.name();
        String commandLine = options.commandLine();
        Scenario scenario = options.scenario();
        String scenarioFile = options.scenarioFile();
        GateRules.Profile profile = rules.profile();
        List<String> order = scenario.variantNames();
        for (Rule.Need need : rules.needs()) {
            if (!scenario.variants().containsKey(need.mode())) {
                throw new LabException("rules file " + rulesFile + " names variant '" + need.mode() + "', which the"
                        + " scenario " + scenarioFile + " does not have; use one of " + order);
            }
            if (scenario.variants().get(need.mode()).isRunning()) {
                throw new LabException("rules file " + rulesFile + " names variant '" + need.mode() + "', which runs"
                        + " at a fixed URL: the gate starts both builds itself, so give it a command in the scenario");
            }
        }
        if (profile.endpoint() != null && !scenario.criticalPaths().containsKey(profile.endpoint())) {
            throw new LabException("rules file " + rulesFile + ": profile.endpoint '" + profile.endpoint()
                    + "' is not a request of the scenario; use one of " + scenario.criticalPaths().keySet());
        }
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
                    (x, y) -> Integer.compare(order.indexOf(x), order.indexOf(y))))
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

        List<PointSpec> pointOrder = new ArrayList<>();
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
                        pointOrder.add(PointSpec.closed(variant, level.getKey(), repeat, null));
                    }
                }
            }
        }

        Map<String, String> headConfig = new LinkedHashMap<>(profile.service());
        headConfig.putAll(headOverrides);
        Map<String, String> baseConfig = new LinkedHashMap<>(baseline != null ? baseline.serviceConfig()
                : profile.service());
        Path baseJar = baseBuild == null ? null : baseBuild.resolve(SERVICE_JAR);
        boolean baseStartsService = variants.stream().map(GateData::sideAndMode)
                .anyMatch(v -> Trial.BASE.equals(v[0]) && scenario.variants().get(v[1]).isBuiltin());
        if (baseStartsService && baseJar != null && !Files.isRegularFile(baseJar)) {
            throw new LabException("--base-build " + baseBuild + " has no " + SERVICE_JAR + ": build that checkout"
                    + " first (cd " + baseBuild + " && ./mvnw -q -B -DskipTests package)");
        }
        Map<String, String> scenarioVariants = new LinkedHashMap<>();
        Map<String, Map<String, String>> modesBySide = Map.of(Trial.BASE, new LinkedHashMap<>(), Trial.HEAD,
                new LinkedHashMap<>());
        Map<String, Map<String, Scenario.Variant>> commandsBySide = Map.of(Trial.BASE, new LinkedHashMap<>(),
                Trial.HEAD, new LinkedHashMap<>());
        for (String variant : variants) {
            String[] sideAndMode = GateData.sideAndMode(variant);
            Scenario.Variant spec = scenario.variants().get(sideAndMode[1]);
            scenarioVariants.put(variant, sideAndMode[1]);
            if (spec.isBuiltin()) {
                modesBySide.get(sideAndMode[0]).put(variant, spec.builtin());
            } else if (Trial.BASE.equals(sideAndMode[0])) {
                commandsBySide.get(Trial.BASE).put(variant, baseBuild == null ? spec
                        : spec.rebasedTo(ScenarioFiles.checkoutOf(scenario), baseBuild));
            } else {
                commandsBySide.get(Trial.HEAD).put(variant, spec.withEnv(headEnv));
            }
        }
        List<SystemSpec> systems = new ArrayList<>();
        Map<String, GateSetup.Side> sides = new LinkedHashMap<>();
        String thisCheckout = "this checkout";
        if (anyAb) {
            systems.add(new SystemSpec(Trial.BASE, baseJar, baseConfig, modesBySide.get(Trial.BASE),
                    commandsBySide.get(Trial.BASE)));
            sides.put(Trial.BASE, new GateSetup.Side(baseBuild == null ? thisCheckout : baseBuild.toString(),
                    baseBuild == null ? Environments.gitCommit() : Environments.gitCommit(baseBuild), baseConfig));
        }
        systems.add(new SystemSpec(anyAb ? Trial.HEAD : "service", null, headConfig, modesBySide.get(Trial.HEAD),
                commandsBySide.get(Trial.HEAD)));
        Map<String, String> headSide = new LinkedHashMap<>(headConfig);
        headEnv.forEach((key, value) -> headSide.put("env " + key, value));
        sides.put(Trial.HEAD, new GateSetup.Side(thisCheckout, Environments.gitCommit(), headSide));

        Map<String, Scenario.Upstream> upstreams = scenario.upstreams();
        if (profile.upstreamLatencyMs() != null) {
            Map<String, Scenario.Upstream> fixed = new LinkedHashMap<>();
            upstreams.forEach((upstreamName, u) -> fixed.put(upstreamName, new Scenario.Upstream(upstreamName,
                    u.builtin(), u.mappingsDir(), new Scenario.Latency("fixed", profile.upstreamLatencyMs(),
                    u.latency().sigma(), u.latency().spreadMs(), List.of()), u.faults())));
            upstreams = fixed;
        }
        RequestMix mix = profile.endpoint() == null ? scenario.requests() : scenario.requests().only(profile.endpoint());
        LoadSettings load = new LoadSettings(mix.label(), profile.warmupDuration(), profile.measureDuration(),
                profile.requestTimeoutDuration(), 2_000_000);
        boolean builtinService = modesBySide.values().stream().anyMatch(m -> !m.isEmpty());
        ExperimentPlan experiment = ExperimentPlan.builder().name(name).resultsDir(resultsDir)
                .commandLine(commandLine).scenario(scenario, scenarioFile).mix(mix).variants(List.copyOf(variants))
                .scenarioVariants(scenarioVariants).levels(List.copyOf(modesByLevel.keySet())).repeats(trials)
                .injectors(injectors).load(load).upstreams(FakeUpstreams.of(upstreams))
                .blockingPool(builtinService ? intConfig(headConfig, "blocking.pool-size", 64) : null,
                        builtinService ? intConfig(headConfig, "blocking.queue-size", 1024) : null)
                .systemWarmup(profile.systemWarmupDuration(), SystemWarmUp.clientsFor(modesByLevel.keySet()))
                .systems(systems).pointOrder(pointOrder)
                // JFR evidence only for a rule that reads it: recording costs the service some CPU on both sides
                .evidence(rules.rules().stream().anyMatch(Rule.Pinning.class::isInstance)
                        ? new ExperimentPlan.Evidence(true, false) : ExperimentPlan.Evidence.OFF)
                .loadgenJvmArgs(GatlingPoint.loadGeneratorJvmArgs("gatling-gate.jsa", injectors)).build();
        return new GatePlan(experiment, new GateSetup(sides, rulesFile.toString(), baselineFile));
    }

    /** A first estimate of the whole run: start-up, system warm-up and every point. */
    public Duration estimate() {
        ExperimentPlan p = experiment;
        return p.estimatedPointDuration().multipliedBy(p.pointCount())
                .plus(p.systemWarmupByVariant().values().stream().reduce(Duration.ZERO, Duration::plus))
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

    private static int intConfig(Map<String, String> config, String key, int defaultValue) {
        String value = config.get(key);
        try {
            return value == null ? defaultValue : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LabException("service config " + key + "=" + value + " is not a number");
        }
    }
}
