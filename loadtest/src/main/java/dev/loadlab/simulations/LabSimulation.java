package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.doIf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the closed and open simulations share: requests named by the phase they are sent in and recorded
 * by {@link PointRecorder}; phases back to back; a hard time and request bound.
 */
abstract class LabSimulation extends Simulation {

    protected final LoadParameters params = LoadParameters.fromSystemProperties();
    protected final RequestMix mix = params.requestMix();
    protected final List<Phase> phases = phases();
    protected final PointRecorder recorder = new PointRecorder(params, phases);

    private static final String PHASE = "phase";

    LabSimulation() {
        setUp(populations())
                .protocols(MixRequests.protocol(params))
                // Bounded in time whatever happens: every phase, then the request timeout for stragglers.
                .maxDuration(Duration.ofMillis(phases.getLast().measureUntilOffsetMs())
                        .plus(params.requestTimeout()).plusSeconds(2));
    }

    protected abstract List<Phase> phases();

    protected abstract List<PopulationBuilder> populations();

    /**
     * One request, named by the phase it is sent in, then recorded. Leaves the session clean (no stale
     * status or response time, not failed) so a looping user records its next request on its own merits.
     */
    protected ChainBuilder oneRequest() {
        return doIf(session -> recorder.mayStartRequest()).then(
                MixRequests.feedThen(mix, session -> {
                            long now = System.currentTimeMillis();
                            return session.removeAll(MixRequests.STATUS, MixRequests.RESPONSE_TIME_MS)
                                    .set(MixRequests.SENT_AT_MS, now)
                                    .set(PHASE, recorder.nameAt(now));
                        })
                        .exec(MixRequests.send(mix, params, "", session -> session.getString(PHASE)))
                        .exec(session -> recorder.record(session, session.getString(PHASE)).markAsSucceeded()));
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
        java.util.Optional<Long> startAt = params.startFile().map(StartSignal::awaitStart);
        recorder.start();
        startAt.ifPresent(recorder::startClockAt);
    }

    @Override
    public void after() {
        recorder.finish();
    }
}
