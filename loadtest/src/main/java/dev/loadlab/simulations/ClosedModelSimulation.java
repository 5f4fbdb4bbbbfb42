package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.List;

/**
 * Capacity sweep, closed model: each concurrency level in {@code loadlab.levels} is held for
 * warm-up + measure; as soon as a user's request completes another takes its place, so at most
 * C requests are ever in flight and throughput can never exceed C / latency (Little's law).
 */
public class ClosedModelSimulation extends LabSimulation {

    @Override
    protected List<Phase> phases() {
        return phasesBackToBack(params.concurrencyLevels(), true);
    }

    @Override
    protected PopulationBuilder population() {
        Duration phaseLength = params.phaseLength();
        ClosedInjectionStep[] steps = params.concurrencyLevels().stream()
                .map(level -> constantConcurrentUsers(level).during(phaseLength))
                .toArray(ClosedInjectionStep[]::new);
        return scenarioNamed("closed " + params.endpoint()).injectClosed(steps);
    }
}
