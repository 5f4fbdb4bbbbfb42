package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Latency and faults around one upstream's normal reply, the same for the built-in APIs ({@link ApiResponder}) and
 * the mapped upstreams ({@link MappedResponder}): picks a fault ({@link Faults#pick}), replaces or spoils the reply
 * as the {@link FaultKind} says, and delays it by the upstream's {@link Delay} (a slow fault by {@code slowMs}).
 */
final class LatencyAndFaults {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final String HTTP500_BODY = "{\"message\":\"Internal Server Error\"}";
    static final String HTTP503_BODY = "{\"message\":\"Service Unavailable\"}";

    /** The upstream's own answer to one request, computed only if the picked fault keeps it. */
    interface Reply {
        /** The normal response. */
        ResponseDefinitionBuilder normal();

        /** HTTP 200 whose body is the normal body spoiled with {@link #malformed(String)}. */
        ResponseDefinitionBuilder malformed();
    }

    private LatencyAndFaults() {
    }

    /**
     * The response to one request.
     *
     * @param injected told the fault picked, if any (the fault counts)
     */
    static ResponseDefinition respond(Reply reply, Faults faults, Delay delay, int slowMs, Consumer<FaultKind> injected) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        FaultKind fault = faults.pick(random.nextDouble());
        if (fault != null) {
            injected.accept(fault);
        }
        ResponseDefinitionBuilder response = switch (fault) {
            case null -> reply.normal();
            case SLOW -> reply.normal();
            case MALFORMED -> reply.malformed();
            case HTTP500 -> aResponse().withHeader("Content-Type", CONTENT_TYPE).withStatus(500).withBody(HTTP500_BODY);
            case HTTP503 -> aResponse().withHeader("Content-Type", CONTENT_TYPE).withStatus(503).withBody(HTTP503_BODY);
            case RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        };
        Delay applied = fault == FaultKind.SLOW ? new Delay.Fixed(slowMs) : delay;
        applied.applyTo(response, random);
        return response.build();
    }

    /** The first half of the body followed by bytes no JSON parser accepts. */
    static String malformed(String body) {
        return body.substring(0, body.length() / 2) + "\u0000<<garbage";
    }
}
