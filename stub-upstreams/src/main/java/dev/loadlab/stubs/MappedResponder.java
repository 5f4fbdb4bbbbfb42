package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Latency and faults on every response of one mapped upstream ({@link LatencyAndFaults}, as the built-in APIs get
 * them), applied globally on its WireMock server. The matched mapping's response (status, headers, body, templating)
 * is kept as it is; the upstream's latency profile replaces the mapping's own delay, and without a profile the
 * mapping's own delay stays (also on fault responses). A request no mapping matches gets WireMock's 404, untouched.
 */
final class MappedResponder implements ResponseDefinitionTransformerV2 {
    private final MappedUpstream upstream;
    private final Faults faults;
    private final Delay delay;
    private final Supplier<StubConfig> config;
    private final FaultCounts injected;

    MappedResponder(MappedUpstream upstream, Supplier<StubConfig> config, FaultCounts injected) {
        this.upstream = upstream;
        this.faults = upstream.faultShares();
        this.delay = upstream.latency() == null ? null : upstream.latency().delay();
        this.config = config;
        this.injected = injected;
    }

    @Override
    public String getName() {
        return "loadlab-mapped-" + upstream.name();
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinition mapping = serveEvent.getResponseDefinition();
        if (!mapping.wasConfigured()) {
            return mapping;
        }
        LatencyAndFaults.Reply reply = new LatencyAndFaults.Reply() {
            @Override
            public ResponseDefinitionBuilder normal() {
                return ResponseDefinitionBuilder.like(mapping);
            }

            @Override
            public ResponseDefinitionBuilder malformed() {
                // a fresh response: no proxying, no templating of the spoiled body
                ResponseDefinitionBuilder spoiled = aResponse().withStatus(200)
                        .withBody(LatencyAndFaults.malformed(body(mapping)));
                return mapping.getHeaders() == null ? spoiled : spoiled.withHeaders(mapping.getHeaders());
            }
        };
        Delay applied = delay != null ? delay : Delay.AsMapped.of(mapping);
        return LatencyAndFaults.respond(reply, faults, applied, config.get().slowMs(),
                                        kind -> injected.add(upstream.name(), kind));
    }

    /** The mapping's body as text: inline, or its body file under {@code __files/}; empty if it has none. */
    private String body(ResponseDefinition mapping) {
        if (mapping.specifiesBodyContent()) {
            return new String(mapping.getByteBody(), StandardCharsets.UTF_8);
        }
        if (mapping.specifiesBodyFile()) {
            Path file = upstream.folder().resolve("__files").resolve(mapping.getBodyFileName());
            try {
                return Files.readString(file);
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
        return "";
    }
}
