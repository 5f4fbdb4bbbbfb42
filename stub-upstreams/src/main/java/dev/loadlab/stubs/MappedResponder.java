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
 * them), applied globally on its WireMock server, as the config in force says ({@link StubConfig#faults(String)},
 * {@link StubConfig#delay(MappedUpstream)}: its own from the start, or as changed through the admin route). The matched
 * mapping's response (status, headers, body, templating) is kept as it is; a latency (the upstream's profile, or one
 * set while running) replaces the mapping's own delay, and without one the mapping's own delay stays (also on fault
 * responses). A request no mapping matches gets WireMock's 404, untouched.
 */
final class MappedResponder implements ResponseDefinitionTransformerV2 {
    private final MappedUpstream upstream;
    private final Supplier<StubConfig> config;
    private final FaultCounts injected;
    /**
     * This upstream's faults and delay under the last config seen, decided again only when the config changes: a
     * request allocates no delay. Not volatile: a thread that still sees an older one only decides again, and a
     * record's final fields are safe to share.
     */
    private InForce inForce;

    private record InForce(StubConfig config, Faults faults, Delay delay) {
        static InForce of(StubConfig config, MappedUpstream upstream) {
            return new InForce(config, config.faults(upstream.name()), config.delay(upstream));
        }
    }

    MappedResponder(MappedUpstream upstream, Supplier<StubConfig> config, FaultCounts injected) {
        this.upstream = upstream;
        this.config = config;
        this.injected = injected;
        this.inForce = InForce.of(config.get(), upstream);
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
        StubConfig c = config.get();
        InForce now = inForce;
        if (now.config() != c) {
            now = InForce.of(c, upstream);
            inForce = now;
        }
        Delay applied = now.delay() != null ? now.delay() : Delay.AsMapped.of(mapping);
        return LatencyAndFaults.respond(reply, now.faults(), applied, c.slowMs(),
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
