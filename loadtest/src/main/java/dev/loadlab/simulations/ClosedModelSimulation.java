package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.List;

/**
 * Capacity sweep, closed model: for each concurrency level in {@code loadlab.levels}, C users start
 * together and each sends its next request as soon as the previous one answered, for warm-up + measure.
 * At most C requests are ever in flight, so throughput can never exceed C / latency (Little's law).
 */
public class ClosedModelSimulation extends LabSimulation {

    @Override
    protected List<Phase> phases() {
        return phasesBackToBack(params.concurrencyLevels(), true);
    }

    @Override
    protected List<PopulationBuilder> populations() {
        return phases.stream().map(phase -> scenario("closed " + phase.name())
                .exec(asLongAs(session -> recorder.offsetNow() < phase.measureUntilOffsetMs()).on(oneRequest()))
                .injectOpen(nothingFor(Duration.ofMillis(phase.startOffsetMs())), atOnceUsers(phase.concurrency())))
                .toList();
    }
}
