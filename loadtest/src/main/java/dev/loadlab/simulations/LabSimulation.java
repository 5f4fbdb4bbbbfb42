package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the closed and open simulations share: one request per virtual user, named by the phase it is
 * sent in, recorded by {@link PointRecorder}; phases back to back; a hard time and request bound.
 */
abstract class LabSimulation extends Simulation {

    protected final LoadParameters params = LoadParameters.fromSystemProperties();
    protected final List<Phase> phases = phases();
    protected final PointRecorder recorder = new PointRecorder(params, phases);

    LabSimulation() {
        setUp(population())
                .protocols(SunApiRequests.protocol(params))
                // Bounded in time whatever happens: every phase, then the request timeout for stragglers.
                .maxDuration(Duration.ofMillis(phases.getLast().measureUntilOffsetMs())
                        .plus(params.requestTimeout()).plusSeconds(2));
    }

    protected abstract List<Phase> phases();

    protected abstract PopulationBuilder population();

    /** The chain each virtual user runs once. */
    protected ChainBuilder oneRequest() {
        return doIf(session -> recorder.mayStartRequest()).then(
                exec(session -> session.set(SunApiRequests.SENT_AT_MS, System.currentTimeMillis())
                        .set("phase", recorder.nameAt(System.currentTimeMillis())))
                        .exec(SunApiRequests.request(params, session -> session.getString("phase")))
                        .exec(session -> recorder.record(session, session.getString("phase"))));
    }

    protected io.gatling.javaapi.core.ScenarioBuilder scenarioNamed(String name) {
        return scenario(name).feed(SunApiRequests.places()).exec(oneRequest());
    }

    protected List<Phase> phasesBackToBack(List<? extends Number> levels, boolean closed) {
        List<Phase> result = new ArrayList<>();
        long phaseStart = 0;
        for (Number level : levels) {
            Phase phase = closed
                    ? Phase.closed(params.endpoint(), level.intValue(), phaseStart, params)
                    : Phase.open(params.endpoint(), level.doubleValue(), phaseStart, params);
            result.add(phase);
            phaseStart = phase.measureUntilOffsetMs();
        }
        return result;
    }

    @Override
    public void before() {
        recorder.start();
    }

    @Override
    public void after() {
        recorder.finish();
    }
}
