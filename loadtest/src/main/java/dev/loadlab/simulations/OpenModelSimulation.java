package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.List;

/**
 * Open model: each rate in {@code loadlab.rates} (requests per second) arrives whatever the service
 * does, one request per arriving user, so latency is measured without coordinated omission and a
 * saturated path shows its queue, its shed requests (503) and its timeouts.
 */
public class OpenModelSimulation extends LabSimulation {

    @Override
    protected List<Phase> phases() {
        return phasesBackToBack(params.arrivalRatesRps(), false);
    }

    @Override
    protected List<PopulationBuilder> populations() {
        Duration phaseLength = params.phaseLength();
        OpenInjectionStep[] steps = params.arrivalRatesRps().stream()
                .map(rate -> constantUsersPerSec(rate).during(phaseLength))
                .toArray(OpenInjectionStep[]::new);
        return List.of(scenario("open " + params.endpoint()).exec(oneRequest()).injectOpen(steps));
    }
}
