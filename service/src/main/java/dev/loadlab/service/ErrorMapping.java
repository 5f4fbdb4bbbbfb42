package dev.loadlab.service;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one place where failures become HTTP answers: {@code {"error": "...", "upstream": "location|sun|weather"|null}}.
 * <pre>
 * invalid zip or country            400
 * unknown mode or endpoint          404
 * upstream 404                      404
 * upstream 5xx, reset, bad body     502
 * upstream timeout                  504
 * mode overloaded                   503 + Retry-After: 1
 * anything else                     500
 * </pre>
 */
final class ErrorMapping {
    private static final System.Logger LOGGER = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    /**
     * A failure as the client sees it.
     *
     * @param status   HTTP status
     * @param error    human-readable message
     * @param upstream upstream at fault, or {@code null}
     */
    record ApiError(Status status, String error, Upstream upstream) {
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("upstream", upstream == null ? null : upstream.label());
            return body;
        }
    }

    static ApiError map(Throwable failure) {
        return switch (failure) {
            case InvalidRequestException e -> new ApiError(Status.BAD_REQUEST_400, e.getMessage(), null);
            case UnknownRouteException e -> new ApiError(Status.NOT_FOUND_404, e.getMessage(), null);
            case OverloadedException e -> new ApiError(Status.SERVICE_UNAVAILABLE_503, e.getMessage(), null);
            case UpstreamException e -> switch (e.kind()) {
                case NOT_FOUND -> new ApiError(Status.NOT_FOUND_404, e.getMessage(), e.upstream());
                case TIMEOUT -> new ApiError(Status.GATEWAY_TIMEOUT_504, e.getMessage(), e.upstream());
                case BAD_STATUS, MALFORMED, UNREACHABLE -> new ApiError(Status.BAD_GATEWAY_502, e.getMessage(), e.upstream());
            };
            case NotFoundException e -> new ApiError(Status.NOT_FOUND_404, "no such endpoint", null);
            case HttpException e -> new ApiError(e.status(), e.getMessage(), null);
            default -> {
                LOGGER.log(System.Logger.Level.ERROR, "unexpected failure", failure);
                yield new ApiError(Status.INTERNAL_SERVER_ERROR_500, "internal error: " + failure.getClass().getSimpleName(), null);
            }
        };
    }

    /**
     * Write the answer for a failure.
     *
     * @param res     response
     * @param failure what went wrong
     * @return status sent
     */
    static Status send(ServerResponse res, Throwable failure) {
        ApiError error = map(failure);
        if (error.status() == Status.SERVICE_UNAVAILABLE_503) {
            Json.sendWithRetryAfter(res, error.status(), error.body());
        } else {
            Json.send(res, error.status(), error.body());
        }
        return error.status();
    }

    /**
     * Routing error handler: Helidon's own failures (no route matched, bad path) as JSON too.
     */
    static void handle(ServerRequest req, ServerResponse res, Exception failure) {
        if (!res.isSent()) {
            send(res, failure);
        }
    }
}
