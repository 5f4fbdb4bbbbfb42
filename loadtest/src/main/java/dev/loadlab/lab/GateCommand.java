package dev.loadlab.lab;

import dev.loadlab.lab.gate.GateData;
import dev.loadlab.lab.gate.GatePlan;
import dev.loadlab.lab.gate.GateResult;
import dev.loadlab.lab.gate.GateRules;
import dev.loadlab.lab.gate.StoredBaseline;
import dev.loadlab.lab.gate.Trial;
import dev.loadlab.lab.gate.Verdict;
import dev.loadlab.lab.gate.VerdictWriters;
import dev.loadlab.lab.run.Experiment;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.lab.scenario.ScenarioFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {
                "CI performance gate: runs the CI profile of a rules file (default gate/rules.yaml, < 3 min),"
                        + " judges every rule and exits 0 (pass), 1 (a rule failed: a regression) or 2 (the harness"
                        + " could not measure: cannot start, bad config, incomplete run).",
                "By default it alternates trials of a baseline-shaped A (the --base-build's service, or this"
                        + " checkout's, with the --baseline's service config) and the build under test B (this"
                        + " checkout, plus --service-config) in one run, so machine speed cancels out; baseline"
                        + " rules compare B with A by a non-parametric test plus a minimum effect size.",
                "Verdicts go to the console and to <run>/gate/ (verdicts.json, junit.xml, summary.md), and to"
                        + " --report-dir when given. --run judges an existing run without running anything."},
        footer = {"", "Examples:",
                "  ./lab gate",
                "  ./lab gate --base-build ../main-checkout --report-dir gate-report",
                "  ./lab gate --scenario examples/quote/scenario.yaml                (your service: its own rules)",
                "  ./lab gate --service-config degrade.extra-latency-ms=40      (proof: B 20%% slower, must fail)",
                "  ./lab gate --no-ab --baseline results/baselines/ci.json      (weaker: compares with stored trials)",
                "  ./lab gate --injectors 2                                     (two load generators per trial)",
                "  ./lab gate --run results/latest"})
public final class GateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Rules file, YAML or JSON with comments (default: the scenario's gate.rules, else"
                    + " gate/rules.yaml).")
    Path rulesFile;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "The scenario whose variants the rules name; A and B both start them by its commands"
                    + " (A from --base-build). Default: the built-in one, scenarios/sun.yaml.")
    Path scenarioFile;

    @Option(names = "--env", paramLabel = "KEY=VALUE",
            description = "Environment for B's variants started by command only, e.g. a proof knob. Repeatable.")
    Map<String, String> headEnv = new LinkedHashMap<>();

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "A baseline saved by ./lab baseline save: shapes A's service config; without A/B its"
                    + " trials are what B is compared with.")
    Path baselineFile;

    @Option(names = "--run", paramLabel = "DIR", description = "Judge this run folder instead of running anything.")
    Path runDir;

    @Option(names = "--ab", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Alternate trials of A and B in one run (default). --no-ab: B only, compared with --baseline.")
    boolean ab;

    @Option(names = "--base-build", paramLabel = "DIR",
            description = "Checkout whose built service/target/service.jar is A (e.g. the pull request's base branch);"
                    + " default: this checkout's.")
    Path baseBuild;

    @Option(names = "--service-config", paramLabel = "KEY=VALUE",
            description = "Service config key for B only, e.g. degrade.extra-latency-ms=40. Repeatable.")
    Map<String, String> serviceConfig = new LinkedHashMap<>();

    @Option(names = "--repeats", paramLabel = "N", description = "Trials per point, overriding the rules' profile.repeats.")
    Integer repeats;

    @Option(names = "--injectors", defaultValue = "1", paramLabel = "N",
            description = "Load-generator JVMs per trial, each driving 1/N of the users, merged exactly"
                    + " (default: ${DEFAULT-VALUE}). For services that one Gatling JVM cannot load on its own.")
    int injectors;

    @Option(names = "--name", defaultValue = "gate", description = "Run name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "Results root: the run goes to DIR/runs/<timestamp>-<name>/ (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Also write verdicts.json, junit.xml and summary.md here (a fixed path for CI steps);"
                    + " written even when the harness fails.")
    Path reportDir;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Path judged = null;
        Path rules = rulesFile == null ? Jvm.home().resolve("gate/rules.yaml") : Jvm.userPath(rulesFile);
        try {
            Scenario scenario = runDir != null && scenarioFile == null ? null
                    : ScenarioFiles.loadOrBuiltIn(scenarioFile);
            if (rulesFile == null && scenario != null && scenario.gateRules() != null) {
                rules = scenario.gateRules();
            }
            GateRules gateRules = GateRules.load(rules);
            Path baselinePath = baselineFile == null ? null : Jvm.home().resolve(baselineFile);
            StoredBaseline baseline = baselinePath == null ? null : StoredBaseline.read(baselinePath);
            if (runDir != null) {
                judged = Jvm.home().resolve(runDir);
                if (!Files.isDirectory(judged)) {
                    throw new LabException("--run " + runDir + " is not a run folder; pass e.g. results/latest");
                }
            } else {
                GatePlan plan = GatePlan.of(gateRules, GatePlan.options(rules, Jvm.home().resolve(resultsDir), name,
                                commandLine())
                        .withBaseline(baseline, baselineFile == null ? null : baselineFile.toString()).withAb(ab)
                        .withBaseBuild(baseBuild == null ? null : Jvm.userPath(baseBuild))
                        .withHead(serviceConfig, headEnv).withTrials(repeats, injectors)
                        .withScenario(scenario, scenarioFile == null ? ScenarioFiles.BUILT_IN : scenarioFile.toString()));
                Duration estimate = plan.estimate();
                out.printf("gate: %s, ~%dm%02ds%n", plan.describe(), estimate.toMinutes(), estimate.toSecondsPart());
                plan.setup().sides().forEach((side, s) -> out.printf("  %s: %s%s, service config %s%n",
                        Trial.BASE.equals(side) ? "A (base)" : "B (head)", s.build(),
                        s.gitCommit() == null ? "" : " @ " + s.gitCommit(), s.serviceConfig()));
                out.flush();
                judged = new Experiment(plan.experiment(), System.out).run();
                plan.setup().write(judged);
            }
            GateData data = GateData.of(judged, baseline, baselineFile == null ? null : baselineFile.toString());
            List<Verdict> verdicts = gateRules.rules().stream()
                    .flatMap(rule -> rule.evaluate(data, gateRules.statistics()).stream()).toList();
            GateResult result = GateResult.of(verdicts, judged.toString(), rules.toString(), data.baselineSource(),
                    seconds(started));
            result.writeTo(judged.resolve("gate"));
            if (reportDir != null) {
                result.writeTo(Jvm.home().resolve(reportDir));
            }
            out.println();
            out.print(VerdictWriters.console(result));
            out.println("verdicts: " + judged.resolve("gate") + " (summary.md, junit.xml, verdicts.json)");
            out.flush();
            return result.exitCode();
        } catch (LabException e) {
            if (reportDir != null) {
                GateResult.harnessError(e.getMessage(), judged == null ? null : judged.toString(), rules.toString(),
                        seconds(started)).writeTo(Jvm.home().resolve(reportDir));
            }
            throw e;
        }
    }

    private String commandLine() {
        return "./lab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
    }
}
