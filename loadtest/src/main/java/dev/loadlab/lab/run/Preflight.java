package dev.loadlab.lab.run;

import java.time.Duration;
import java.util.List;

/**
 * Before any load: one request to each variant, the one its first point would send. A variant that cannot answer
 * it (connection error, non-2xx, no answer in a few seconds) stops the command at once with one line that names
 * the variant, the URL, what came back and the fix, instead of a sweep of failed points. Used by every command
 * that puts load on a service: compare, gate, overload, resilience and soak.
 */
public final class Preflight {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * One variant to check.
     *
     * @param baseUrl the base its points request {@code /<endpoint>/<zip>/<country>} under
     * @param origin  where that URL comes from, said with the fix, e.g. {@code --target x=http://...} or
     *                {@code service log: results/runs/.../logs/service.log}
     */
    public record Variant(String name, String baseUrl, String origin) {
    }

    private Preflight() {
    }

    /** Throws {@link LabException} (exit 2) for the first variant that does not answer with a 2xx. */
    public static void check(List<Variant> variants, String endpoint) {
        check(variants, endpoint, TIMEOUT);
    }

    static void check(List<Variant> variants, String endpoint, Duration timeout) {
        VariantRequest request = new VariantRequest();
        for (Variant variant : variants) {
            String url = VariantRequest.firstUrl(variant.baseUrl(), endpoint);
            VariantRequest.Outcome outcome = request.send(url, timeout);
            if (!outcome.ok()) {
                throw new LabException("preflight: variant " + variant.name() + ", GET " + url + ": "
                        + outcome.describe() + "; " + fix(outcome, endpoint) + " (" + variant.origin() + ")");
            }
        }
    }

    private static String fix(VariantRequest.Outcome outcome, String endpoint) {
        return switch (outcome.kind()) {
            case CONNECTION -> "nothing answers there: start the service, or correct the URL";
            case TIMEOUT -> "the service took the connection but did not answer: check that it is not stuck or"
                    + " still busy, then retry";
            case ANSWERED -> outcome.status() == 404 || outcome.status() == 405
                    ? "that is not the service's API: the URL must be the base that /" + endpoint
                            + "/{zip}/{country} is appended to, e.g. http://127.0.0.1:8080/api/async"
                    : "every point would send this request: make the service answer it with 2xx first";
        };
    }
}
