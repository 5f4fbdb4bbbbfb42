package dev.loadlab.lab.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a point's numbers cannot say by themselves, in the words the console, the report and the markdown all use:
 * that not one request succeeded (so there is no latency and no throughput to show), and that the drain before it
 * timed out (so it may carry the previous point's backlog).
 */
public final class PointNotes {

    private PointNotes() {
    }

    /** "no successful responses: 236 timeouts", when not one request of the point (or level) succeeded. */
    public static Optional<String> noSuccess(Summary.Requests requests) {
        if (requests == null || requests.ok() > 0) {
            return Optional.empty();
        }
        if (requests.ko() == 0) {
            return Optional.of("no successful responses: no request completed");
        }
        return Optional.of("no successful responses: " + causes(requests.ko(), requests.koByCause()));
    }

    /** "drain timed out after 30 s (no 2xx within 250 ms): ...", when the wait before the point gave up. */
    public static Optional<String> drainTimedOut(Summary.Drain drain) {
        if (drain == null || !drain.timedOut()) {
            return Optional.empty();
        }
        String limit = drain.answerLimitMs() == null ? ""
                : String.format(Locale.ROOT, " (no 2xx within %.0f ms)", drain.answerLimitMs());
        return Optional.of(String.format(Locale.ROOT, "drain timed out after %d s%s: this point may carry the"
                + " previous one's backlog", Math.round(drain.durationMs() / 1000.0), limit));
    }

    /** "236 timeouts, 3 connection errors, 12 HTTP 503 answers"; causes as PointRecorder names them. */
    public static String causes(long ko, Map<String, Long> koByCause) {
        List<String> parts = new ArrayList<>();
        long named = 0;
        if (koByCause != null) {
            for (Map.Entry<String, Long> cause : koByCause.entrySet()) {
                parts.add(count(cause.getValue(), cause.getKey()));
                named += cause.getValue();
            }
        }
        if (ko > named) {
            parts.add(count(ko - named, "unknown"));
        }
        return String.join(", ", parts);
    }

    private static String count(long n, String cause) {
        String number = String.format(Locale.ROOT, "%,d", n);
        String one = n == 1 ? "" : "s";
        if ("timeout".equals(cause)) {
            return number + " timeout" + one;
        }
        if ("connection".equals(cause)) {
            return number + " connection error" + one;
        }
        if (cause.startsWith("status ")) {
            return number + " HTTP " + cause.substring("status ".length()) + " answer" + one;
        }
        return number + " failed (" + cause + ")";
    }
}
