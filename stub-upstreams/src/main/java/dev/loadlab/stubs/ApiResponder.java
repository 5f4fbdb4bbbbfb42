package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Computes each response of one fake API per request: the {@link FakeApi}'s normal reply, with the latency and faults
 * of the current config around it ({@link LatencyAndFaults}). The delay is served by WireMock's asynchronous response
 * threads, so no Jetty worker sleeps.
 */
final class ApiResponder implements ResponseDefinitionTransformerV2 {
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
        Api which = api.api();
        LatencyAndFaults.Reply reply = new LatencyAndFaults.Reply() {
            @Override
            public ResponseDefinitionBuilder normal() {
                FakeApi.Reply normal = api.respond(serveEvent.getRequest());
                return json().withStatus(normal.status()).withBody(normal.body());
            }

            @Override
            public ResponseDefinitionBuilder malformed() {
                String body = api.respond(serveEvent.getRequest()).body();
                return json().withStatus(200).withBody(LatencyAndFaults.malformed(body));
            }
        };
        return LatencyAndFaults.respond(reply, c.faults(which), c.delay(which), c.slowMs(),
                                        kind -> injected.add(which.key(), kind));
    }

    private static ResponseDefinitionBuilder json() {
        return aResponse().withHeader("Content-Type", LatencyAndFaults.CONTENT_TYPE);
    }
}
