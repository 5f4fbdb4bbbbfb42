package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.FakeUpstreams;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.TargetDrain;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.run.VariantProcess;
import dev.loadlab.lab.scenario.CriticalPath;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.simulations.RequestMix;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario as the reliability commands run it: the chosen variants (the lab's service in a mode, or a command
 * the lab starts; a running URL is refused, its process cannot be watched), the requests an episode sends, and
 * the fake upstreams at the latency the command asked for. Resolved and checked before anything starts.
 *
 * @param label    the scenario's file as given, or the built-in one's
 * @param variants the variants to run, in order
 */
record ReliabilityScenario(Scenario scenario, String label, RequestMix mix, List<String> variants,
                           FakeUpstreams upstreams) {

    /**
     * One variant while the system runs: where requests go, the process the monitor watches, and where its health
     * is probed.
     *
     * @param labService whether it is the lab's own service (which has in-flight gauges and a config the lab sets)
     * @param ports      the ports it listens on (its inbound connections are counted on them)
     * @param health     a URL answering 2xx while it is healthy; null when the scenario gives none
     */
    record Target(String name, String url, long pid, Path log, Set<Integer> ports, URI health, boolean labService) {
    }

    ReliabilityScenario {
        for (String variant : variants) {
            Scenario.Variant v = scenario.variants().get(variant);
            if (v == null) {
                throw new LabException("unknown variant '" + variant + "': the scenario " + scenario.name() + " has "
                        + scenario.variantNames());
            }
            if (v.isRunning()) {
                throw new LabException("variant '" + variant + "' is a running URL (" + v.url() + "): the reliability"
                        + " commands watch the processes they start; give it a command in the scenario, or leave it"
                        + " out with --variants");
            }
        }
    }

    Scenario.Variant variant(String name) {
        return scenario.variants().get(name);
    }

    boolean labService(String variant) {
        return variant(variant).isBuiltin();
    }

    /** The lab's service is started when one of the variants is one of its modes. */
    boolean startsLabService() {
        return variants.stream().anyMatch(this::labService);
    }

    /** The variants the lab starts by command, by name. */
    Map<String, Scenario.Variant> commands() {
        Map<String, Scenario.Variant> commands = new LinkedHashMap<>();
        variants.stream().filter(v -> variant(v).isCommand()).forEach(v -> commands.put(v, variant(v)));
        return commands;
    }

    /** Mean upstream latency on the variant's critical path under the mix. */
    double floorMs(String variant) {
        return scenario.floorMs(variant, mix, upstreams.meanLatencyMs());
    }

    /** The slowest upstream's mean latency. */
    double slowestUpstreamMs() {
        return upstreams.meanLatencyMs().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /**
     * The upstreams a resilience episode may fault for this variant: calls that every request of the mix makes one
     * at a time and once ({@link CriticalPath#spine}), so a request meets at most one fault and every fault has one
     * answer to check.
     */
    List<String> faultableUpstreams(String variant) {
        Set<String> common = null;
        for (String request : mix.shares().keySet()) {
            CriticalPath path = scenario.criticalPath(variant, request);
            Map<String, Integer> calls = new HashMap<>();
            path.forEachCall(call -> calls.merge(call, 1, Integer::sum));
            Set<String> once = new LinkedHashSet<>(path.spine());
            once.removeIf(call -> calls.get(call) > 1);
            if (common == null) {
                common = once;
            } else {
                common.retainAll(once);
            }
        }
        return common == null ? List.of() : List.copyOf(common);
    }

    /** The variant as it runs in the started system. */
    Target target(String variant, EmbeddedSystem system) {
        if (labService(variant)) {
            return new Target(variant, system.variantUrl(variant(variant).builtin()), system.servicePid(),
                    system.serviceLog(), Set.of(URI.create(system.serviceUrl()).getPort()),
                    URI.create(system.serviceHealthUrl()), true);
        }
        VariantProcess process = system.command(variant);
        return new Target(variant, process.baseUrl(), process.pid(), process.log(), Set.of(process.port()),
                process.readyUrl() == null ? null : URI.create(process.readyUrl()), false);
    }

    /**
     * Waits until the variant has no backlog: the lab's service says so in its gauges; a service of anyone's is
     * probed with the first request until it answers within its floor ({@link TargetDrain}).
     */
    void awaitDrained(EmbeddedSystem system, Target target, Duration timeout) {
        if (target.labService()) {
            system.probe().awaitDrained(timeout);
            return;
        }
        Summary.Drain drain = TargetDrain.await(target.url(), mix, floorMs(target.name()), timeout);
        if (drain.timedOut()) {
            throw new LabException("variant " + target.name() + " did not answer within "
                    + Math.round(drain.answerLimitMs()) + " ms again after " + timeout.toSeconds() + " s; it may be stuck"
                    + " (see " + target.log() + ")");
        }
    }

    /** Every variant as it runs in the started system. */
    List<Target> targets(EmbeddedSystem system) {
        List<Target> targets = new ArrayList<>();
        variants.forEach(v -> targets.add(target(v, system)));
        return targets;
    }
}
