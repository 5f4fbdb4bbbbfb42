package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Computes each response of one fake API per request: picks a fault (if any) from the current config, asks the
 * {@link FakeApi} for the normal reply, and attaches the profile's delay. The delay is served by WireMock's
 * asynchronous response threads, so no Jetty worker sleeps.
 */
final class ApiResponder implements ResponseDefinitionTransformerV2 {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final String HTTP500_BODY = "{\"message\":\"Internal Server Error\"}";
    static final String HTTP503_BODY = "{\"message\":\"Service Unavailable\"}";

    private final FakeApi api;
    private final Supplier<StubConfig> config;
    private final FaultCounts injected;

    ApiResponder(FakeApi api, Supplier<StubConfig> config, FaultCounts injected) {
        this.api = api;
        this.config = config;
        this.injected = injected;
    }

    @Override
    public String getName() {
        return "loadlab-" + api.api().key();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        StubConfig c = config.get();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        FaultKind fault = c.faults(api.api()).pick(random.nextDouble());
        if (fault != null) {
            injected.add(api.api(), fault);
        }
        ResponseDefinitionBuilder response = aResponse().withHeader("Content-Type", CONTENT_TYPE);
        if (fault == null || fault == FaultKind.SLOW || fault == FaultKind.MALFORMED) {
            FakeApi.Reply reply = api.respond(serveEvent.getRequest());
            if (fault == FaultKind.MALFORMED) {
                response.withStatus(200).withBody(malformed(reply.body()));
            } else {
                response.withStatus(reply.status()).withBody(reply.body());
            }
        } else {
            switch (fault) {
                case HTTP500 -> response.withStatus(500).withBody(HTTP500_BODY);
                case HTTP503 -> response.withStatus(503).withBody(HTTP503_BODY);
                case RESET -> response.withFault(Fault.CONNECTION_RESET_BY_PEER);
                default -> throw new IllegalStateException("unhandled fault " + fault);
            }
        }
        if (fault == FaultKind.SLOW) {
            response.withFixedDelay(c.slowMs());
        } else {
            delay(response, c, random);
        }
        return response.build();
    }

    private void delay(ResponseDefinitionBuilder response, StubConfig c, ThreadLocalRandom random) {
        Api which = api.api();
        int latency = c.latencyMs(which);
        switch (c.profile()) {
            case FIXED -> {
                if (latency > 0) {
                    response.withFixedDelay(latency);
                }
            }
            case SEED -> {
                List<Double> seconds = which.seedSeconds();
                response.withFixedDelay((int) Math.round(seconds.get(random.nextInt(seconds.size())) * 1000.0));
            }
            case LOGNORMAL -> {
                if (latency > 0) {
                    response.withLogNormalRandomDelay(latency, c.sigma());
                }
            }
            case UNIFORM -> {
                if (c.uniformUpperMs(which) > 0) {
                    response.withUniformRandomDelay(c.uniformLowerMs(which), c.uniformUpperMs(which));
                }
            }
        }
    }

    /** The first half of the body followed by bytes no JSON parser accepts. */
    static String malformed(String body) {
        return body.substring(0, body.length() / 2) + "\u0000<<garbage";
    }
}
