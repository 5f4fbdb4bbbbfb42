package dev.loadlab.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One GET to one upstream API, answered as a JSON tree or an {@link UpstreamException} that says what went wrong.
 * Shared by the three typed clients so they classify failures identically.
 */
final class UpstreamHttp {
    private final Upstream upstream;
    private final WebClient client;
    private final String baseUrl;
    private final Duration readTimeout;

    UpstreamHttp(Upstream upstream, WebClient client, ServiceSettings.UpstreamSettings settings) {
        this.upstream = upstream;
        this.client = client;
        this.baseUrl = settings.baseUrl().toString();
        this.readTimeout = settings.readTimeout();
    }

    Upstream upstream() {
        return upstream;
    }

    /**
     * Encode one path segment or query value (spaces as {@code %20}, never {@code +}).
     */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * GET {@code baseUrl + pathAndQuery}; the caller has encoded every value in it.
     */
    JsonNode get(String pathAndQuery) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        Exchange exchange;
        try {
            exchange = exchange(uri);
        } catch (RuntimeException e) {
            if (!isStalePooledConnection(e)) {
                throw failure(e);
            }
            // A GET is idempotent: repeat it once on a fresh connection.
            try {
                exchange = exchange(uri);
            } catch (RuntimeException again) {
                throw failure(again);
            }
        }
        int status = exchange.status();
        byte[] body = exchange.body();
        if (status == 404) {
            throw error(UpstreamException.Kind.NOT_FOUND, "404 for " + uri.getRawPath(), null);
        }
        if (status < 200 || status > 299) {
            throw error(UpstreamException.Kind.BAD_STATUS, "status " + status, null);
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw error(UpstreamException.Kind.MALFORMED, "body is not a JSON object", null);
            }
            return tree;
        } catch (IOException e) {
            throw error(UpstreamException.Kind.MALFORMED, "body is not JSON", e);
        }
    }

    private record Exchange(int status, byte[] body) {
    }

    private Exchange exchange(URI uri) {
        try (HttpClientResponse response = client.get().uri(uri).readTimeout(readTimeout).request()) {
            return new Exchange(response.status().code(), response.entity().as(byte[].class));
        }
    }

    /**
     * Helidon watches an idle pooled connection with a monitor thread that gives up after the read timeout
     * and marks the connection closed. If the connection is taken from the pool in the instant before
     * that, the next read fails at once with "Exception in socket monitor thread": the upstream was
     * never slow, the connection was stale.
     */
    private static boolean isStalePooledConnection(RuntimeException e) {
        return e.getMessage() != null
                && e.getMessage().startsWith("Exception in socket monitor thread")
                && e.getCause() instanceof ExecutionException;
    }

    /** A required text field, or MALFORMED. */
    String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw error(UpstreamException.Kind.MALFORMED, "missing field '" + field + "'", null);
        }
        return value.asText();
    }

    /** A required number (JSON number or numeric string, as the location API sends), or MALFORMED. */
    double number(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw error(UpstreamException.Kind.MALFORMED, "field '" + field + "' is not a number: " + value, e);
        }
    }

    /** A required object or array member, or MALFORMED. */
    JsonNode member(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isContainerNode()) {
            throw error(UpstreamException.Kind.MALFORMED, "missing field '" + field + "'", null);
        }
        return value;
    }

    UpstreamException error(UpstreamException.Kind kind, String message, Throwable cause) {
        return new UpstreamException(upstream, kind, message, cause);
    }

    private UpstreamException failure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || isTimeoutMessage(t)) {
                return error(UpstreamException.Kind.TIMEOUT, "timed out after " + readTimeout.toMillis() + " ms", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof IOException || t instanceof UncheckedIOException) {
                return error(UpstreamException.Kind.UNREACHABLE, "connection failed: " + describe(rootCause(e)), e);
            }
        }
        // Helidon reports a connection closed before a complete response as an IllegalStateException or
        // a DataReader exception; everything that is not a timeout is a broken exchange.
        return error(UpstreamException.Kind.UNREACHABLE, "broken exchange: " + describe(rootCause(e)), e);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static boolean isTimeoutMessage(Throwable t) {
        String message = t.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("timed out");
    }
}
