package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.common.Json;
import wiremock.com.fasterxml.jackson.core.JsonProcessingException;
import wiremock.com.fasterxml.jackson.databind.JsonNode;
import wiremock.com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON form of {@link StubConfig} for the admin route. Writing gives the whole config; applying takes any subset
 * of the behaviour fields and keeps the rest ({@code server} and {@code meanLatencyMs} are read-only). In
 * {@code latencyMs}, {@code faults} and {@code meanLatencyMs} every upstream has its key: the built-in APIs, then the
 * mapped upstreams by name (a mapped upstream's {@code latencyMs} is {@code null} while it keeps its own latency, and
 * so is its mean while each mapping keeps its own delay).
 */
final class ConfigJson {
    private static final List<String> TOP_LEVEL = List.of("profile", "latencyMs", "sigma", "spreadMs", "slowMs", "faults",
                                                         "server", "meanLatencyMs");

    private ConfigJson() {
    }

    static String write(StubConfig c) {
        ObjectNode root = Json.getObjectMapper().createObjectNode();
        root.put("profile", c.profile().key());
        ObjectNode latency = root.putObject("latencyMs");
        for (Api api : Api.values()) {
            latency.put(api.key(), c.latencyMs(api));
        }
        for (MappedUpstream upstream : c.mappedUpstreams()) {
            latency.put(upstream.name(), c.mappedLatencyMs().get(upstream.name()));
        }
        root.put("sigma", c.sigma());
        root.put("spreadMs", c.spreadMs());
        root.put("slowMs", c.slowMs());
        ObjectNode faults = root.putObject("faults");
        for (String upstream : c.upstreamNames()) {
            ObjectNode shares = faults.putObject(upstream);
            for (FaultKind kind : FaultKind.values()) {
                shares.put(kind.key(), c.faults(upstream).share(kind));
            }
        }
        ObjectNode mean = root.putObject("meanLatencyMs");
        for (Api api : Api.values()) {
            mean.put(api.key(), tenths(c.meanLatencyMs(api)));
        }
        for (MappedUpstream upstream : c.mappedUpstreams()) {
            Delay delay = c.delay(upstream);
            mean.put(upstream.name(), delay == null ? null : tenths(delay.meanMs()));
        }
        ObjectNode server = root.putObject("server");
        server.put("host", c.host());
        server.put("port", c.port());
        server.put("asyncThreads", c.asyncThreads());
        server.put("containerThreads", c.containerThreads());
        server.put("acceptQueueSize", c.acceptQueueSize());
        return root.toPrettyString();
    }

    private static double tenths(double ms) {
        return Math.round(ms * 10.0) / 10.0;
    }

    static StubConfig apply(StubConfig current, String json) {
        JsonNode root;
        try {
            root = Json.getObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not JSON (" + e.getOriginalMessage() + "): send a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("body is not a JSON object: send e.g. {\"latencyMs\":50}");
        }
        StubConfig.Builder b = current.toBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "profile" -> b.profile(LatencyProfile.fromKey(text(v, "profile")));
                case "latencyMs" -> latency(b, v);
                case "sigma" -> b.sigma(number(v, "sigma"));
                case "spreadMs" -> b.spreadMs(integer(v, "spreadMs"));
                case "slowMs" -> b.slowMs(integer(v, "slowMs"));
                case "faults" -> faults(b, v);
                case "meanLatencyMs", "server" -> {
                    // read-only, accepted so that GET output can be posted back
                }
                default -> throw new IllegalArgumentException("unknown field '" + field.getKey() + "': use " + TOP_LEVEL);
            }
        }
        StubConfig next = b.build();
        if (root.has("server") && !serverMatches(current, root.get("server"))) {
            throw new IllegalArgumentException("server settings cannot change while running: restart the stub instead");
        }
        return next;
    }

    private static boolean serverMatches(StubConfig c, JsonNode server) {
        return server.isObject()
                && (!server.has("host") || c.host().equals(server.get("host").asText()))
                && (!server.has("port") || c.port() == server.get("port").asInt())
                && (!server.has("asyncThreads") || c.asyncThreads() == server.get("asyncThreads").asInt())
                && (!server.has("containerThreads") || c.containerThreads() == server.get("containerThreads").asInt())
                && (!server.has("acceptQueueSize") || c.acceptQueueSize() == server.get("acceptQueueSize").asInt());
    }

    /** A number: every upstream, mapped ones included (a spike); an object: per upstream by name. */
    private static void latency(StubConfig.Builder b, JsonNode v) {
        if (v.isNumber()) {
            b.latencyMsEverywhere(integer(v, "latencyMs"));
            return;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("latencyMs must be a number or an object such as {\"sun\":50}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ms = e.getValue();
            b.latencyMs(e.getKey(), ms.isNull() ? null : integer(ms, "latencyMs." + e.getKey()));
        }
    }

    private static void faults(StubConfig.Builder b, JsonNode v) {
        if (!v.isObject()) {
            throw new IllegalArgumentException("faults must be an object such as {\"sun\":{\"http500\":0.1}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> upstreamEntry = it.next();
            String upstream = upstreamEntry.getKey();
            b.checkUpstream(upstream); // also when it names no kind
            if (!upstreamEntry.getValue().isObject()) {
                throw new IllegalArgumentException("faults." + upstream + " must be an object such as {\"http500\":0.1}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> kinds = upstreamEntry.getValue().fields(); kinds.hasNext(); ) {
                Map.Entry<String, JsonNode> k = kinds.next();
                b.fault(upstream, FaultKind.fromKey(k.getKey()), number(k.getValue(), "faults." + upstream + "." + k.getKey()));
            }
        }
    }

    private static String text(JsonNode v, String name) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return v.asText();
    }

    private static double number(JsonNode v, String name) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return v.asDouble();
    }

    private static int integer(JsonNode v, String name) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds");
        }
        return v.asInt();
    }
}
