package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * A short check for CI: a few users for {@code loadlab.measure}, bodies checked, and SLO assertions
 * (no failed request, p99 under {@code loadlab.smokeP99Ms}). A failed assertion fails the build.
 */
public class SmokeSimulation extends Simulation {

    private final LoadParameters params = LoadParameters.fromSystemProperties();
    private final int users = Integer.getInteger("loadlab.smokeUsers", 8);
    private final int p99BoundMs = Integer.getInteger("loadlab.smokeP99Ms", 2000);

    public SmokeSimulation() {
        setUp(scenario("smoke " + params.endpoint())
                .feed(SunApiRequests.places())
                .exec(SunApiRequests.checkedRequest(params))
                .injectClosed(constantConcurrentUsers(users).during(params.measure())))
                .protocols(MixRequests.protocol(params))
                .maxDuration(params.measure().plus(params.requestTimeout()).plusSeconds(2))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(p99BoundMs));
    }
}
