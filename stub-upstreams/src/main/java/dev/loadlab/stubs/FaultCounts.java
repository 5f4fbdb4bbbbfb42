package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.common.Json;
import wiremock.com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests got each fault, per upstream (the built-in APIs, then the mapped upstreams), since the stub
 * started (never reset). A client that turns faults on and off reads it before and after: the difference is exactly
 * the faults injected in between, the independent count the lab compares the service's error answers with. Served
 * at {@code GET {admin}/loadlab/faults}.
 */
public final class FaultCounts {
    private final Map<String, Map<FaultKind, LongAdder>> counts = new LinkedHashMap<>();

    FaultCounts(List<String> mappedUpstreams) {
        for (Api api : Api.values()) {
            register(api.key());
        }
        mappedUpstreams.forEach(this::register);
    }

    private void register(String upstream) {
        Map<FaultKind, LongAdder> perKind = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            perKind.put(kind, new LongAdder());
        }
        counts.put(upstream, perKind);
    }

    void add(String upstream, FaultKind kind) {
        counts.get(upstream).get(kind).increment();
    }

    /** Requests of one API that got one fault kind so far. */
    public long count(Api api, FaultKind kind) {
        return count(api.key(), kind);
    }

    /** Requests of one upstream (an API's key or a mapped upstream's name) that got one fault kind so far. */
    public long count(String upstream, FaultKind kind) {
        Map<FaultKind, LongAdder> perKind = counts.get(upstream);
        if (perKind == null) {
            throw new IllegalArgumentException("no upstream '" + upstream + "' on this stub: use one of " + counts.keySet());
        }
        return perKind.get(kind).sum();
    }

    /** {@code {"location":{"http500":0,...},"sun":{...},"weather":{...},"pricing":{...}}}. */
    String toJson() {
        ObjectNode root = Json.getObjectMapper().createObjectNode();
        counts.forEach((upstream, perKind) -> {
            ObjectNode node = root.putObject(upstream);
            for (FaultKind kind : FaultKind.values()) {
                node.put(kind.key(), perKind.get(kind).sum());
            }
        });
        return root.toPrettyString();
    }
}
