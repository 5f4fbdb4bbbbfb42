package dev.loadlab.lab.run;

import dev.loadlab.simulations.RequestMix;
import java.time.Duration;
import java.util.List;

/**
 * Before any load: one request to each variant, the one its first point would send. A variant that cannot answer
 * it (connection error, another status than the one a point counts as OK, no answer in a few seconds) stops the command at once with one line that names
 * the variant, the URL, what came back and the fix, instead of a sweep of failed points. Used by every command
 * that puts load on a service: compare, gate, overload, resilience and soak.
 */
public final class Preflight {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * One variant to check.
     *
     * @param baseUrl the base its points' request paths are appended to
     * @param origin  where that URL comes from, said with the fix, e.g. {@code --target x=http://...} or
     *                {@code service log: results/runs/.../logs/service.log}
     */
    public record Variant(String name, String baseUrl, String origin) {
    }

    private Preflight() {
    }

    /** Throws {@link LabException} (exit 2) for the first variant that does not answer as a point expects. */
    public static void check(List<Variant> variants, RequestMix mix) {
        check(variants, mix, TIMEOUT);
    }

    static void check(List<Variant> variants, RequestMix mix, Duration timeout) {
        VariantRequest request = new VariantRequest();
        VariantRequest.First first = VariantRequest.First.of(mix);
        for (Variant variant : variants) {
            VariantRequest.Outcome outcome = request.send(variant.baseUrl(), first, timeout);
            if (!outcome.ok(first.okStatus())) {
                throw new LabException("preflight: variant " + variant.name() + ", " + first.method() + " "
                        + first.url(variant.baseUrl()) + ": " + outcome.describe() + "; " + fix(outcome, first)
                        + " (" + variant.origin() + ")");
            }
        }
    }

    private static String fix(VariantRequest.Outcome outcome, VariantRequest.First first) {
        return switch (outcome.kind()) {
            case CONNECTION -> "nothing answers there: start the service, or correct the URL";
            case TIMEOUT -> "the service took the connection but did not answer: check that it is not stuck or"
                    + " still busy, then retry";
            case ANSWERED -> outcome.status() == 404 || outcome.status() == 405
                    ? "that is not the service's API: the URL must be the base that " + first.template()
                            + " is appended to, e.g. http://127.0.0.1:8080/api/async"
                    : "every point would send this request: make the service answer it with " + first.okStatus()
                            + " first";
        };
    }
}
