package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.common.Json;
import wiremock.com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests got each fault, per API, since the stub started (never reset). A client that turns faults on
 * and off reads it before and after: the difference is exactly the faults injected in between, the independent
 * count the lab compares the service's error answers with. Served at {@code GET {admin}/loadlab/faults}.
 */
public final class FaultCounts {
    private final Map<Api, Map<FaultKind, LongAdder>> counts = new EnumMap<>(Api.class);

    FaultCounts() {
        for (Api api : Api.values()) {
            Map<FaultKind, LongAdder> perKind = new EnumMap<>(FaultKind.class);
            for (FaultKind kind : FaultKind.values()) {
                perKind.put(kind, new LongAdder());
            }
            counts.put(api, perKind);
        }
    }

    void add(Api api, FaultKind kind) {
        counts.get(api).get(kind).increment();
    }

    /** Requests of one API that got one fault kind so far. */
    public long count(Api api, FaultKind kind) {
        return counts.get(api).get(kind).sum();
    }

    /** {@code {"location":{"http500":0,...},"sun":{...},"weather":{...}}}. */
    String toJson() {
        ObjectNode root = Json.getObjectMapper().createObjectNode();
        for (Api api : Api.values()) {
            ObjectNode perKind = root.putObject(api.key());
            for (FaultKind kind : FaultKind.values()) {
                perKind.put(kind.key(), count(api, kind));
            }
        }
        return root.toPrettyString();
    }
}
