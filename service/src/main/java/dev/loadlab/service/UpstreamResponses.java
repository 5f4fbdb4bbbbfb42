package dev.loadlab.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one upstream API's answer means, whichever client fetched it: a status and a body become a JSON object or
 * an {@link UpstreamException}, a transport failure becomes an {@link UpstreamException} of the right kind, and a
 * required field is read or reported {@code MALFORMED}. The blocking ({@link UpstreamHttp}) and the non-blocking
 * ({@link EventLoopUpstreams}) clients both answer through this, so every mode classifies failures identically:
 * <pre>
 * 404                                    NOT_FOUND    (404 to our client)
 * other non-2xx                          BAD_STATUS   (502)
 * not a JSON object, missing fields      MALFORMED    (502)
 * connect or read timeout                TIMEOUT      (504)
 * refused, reset, closed early           UNREACHABLE  (502)
 * </pre>
 */
final class UpstreamResponses {
    private final Upstream upstream;

    UpstreamResponses(Upstream upstream) {
        this.upstream = upstream;
    }

    /**
     * The JSON object of a complete response, or why there is none.
     *
     * @param rawPath the request's path, for the 404 message
     */
    JsonNode json(String rawPath, int status, byte[] body) {
        if (status == 404) {
            throw error(UpstreamException.Kind.NOT_FOUND, "404 for " + rawPath, null);
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

    /** The read timeout passed before the response was complete. */
    UpstreamException timeout(Duration readTimeout, Throwable cause) {
        return error(UpstreamException.Kind.TIMEOUT, "timed out after " + readTimeout.toMillis() + " ms", cause);
    }

    /**
     * A call that ended without a response: a timeout, or an exchange that broke.
     *
     * @param failure     what the client reported (any wrapping, e.g. a CompletionException, is looked through)
     * @param readTimeout the upstream's read timeout, for the message
     */
    UpstreamException failure(Throwable failure, Duration readTimeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isTimeout(t)) {
                return timeout(readTimeout, failure);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof IOException || t instanceof UncheckedIOException) {
                return error(UpstreamException.Kind.UNREACHABLE, "connection failed: " + describe(rootCause(failure)), failure);
            }
        }
        // Helidon reports a connection closed before a complete response as an IllegalStateException or a
        // DataReader exception, Vert.x as an HttpClosedException; everything that is not a timeout is a broken exchange.
        return error(UpstreamException.Kind.UNREACHABLE, "broken exchange: " + describe(rootCause(failure)), failure);
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

    /**
     * How the clients report a timeout: a socket timeout (JDK), the JDK HttpClient's connect or request timeout, a
     * {@link TimeoutException} (Vert.x's request timeout), or a "timed out" message (Helidon; Netty's connect timeout).
     */
    private static boolean isTimeout(Throwable t) {
        if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException || t instanceof TimeoutException) {
            return true;
        }
        String message = t.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("timed out");
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
}
