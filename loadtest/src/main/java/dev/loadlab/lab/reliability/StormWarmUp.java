package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.VariantRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Storms a variant in rounds of one second until the storm's rate stops rising, before its judged storm episode.
 * The first storm of a run meets a cold JIT in the lab's client and in the service's shedding path: with a fixed
 * 3 s warm-up, blocking run first was offered 10,000 req/s and answered its 503s at a p99 of 119-133 ms, run second
 * 13,000 req/s at 95 ms (and virtual, then first, 3,800 req/s at 771 ms). Waiting for the rate to settle, instead
 * of a longer fixed time, costs the later variants three rounds.
 */
final class StormWarmUp {

    static final Duration ROUND = Duration.ofSeconds(1);
    static final int MIN_ROUNDS = 3;
    static final int MAX_ROUNDS = 20;
    /** A round that offers at most this much more than the one before has stopped rising. */
    static final double RISE = 1.10;

    private StormWarmUp() {
    }

    /**
     * Runs the rounds and returns the rate of each, req/s; the last one is the steady one unless it hit
     * {@link #MAX_ROUNDS}.
     */
    static List<Double> untilSteady(ReliabilityScenario.Target target, VariantRequest.First request,
                                    OverloadCommand.Storm users, Duration requestTimeout, long maxRequests,
                                    PrintStream console) {
        EpisodeRunner.Stage round = EpisodeRunner.Stage.storm("storm-warm-up", ROUND, users.keepAliveUsers(),
                users.newConnectionUsers());
        List<Double> rates = new ArrayList<>();
        while (rates.size() < MAX_ROUNDS && !steady(rates)) {
            try (RetryStorm storm = RetryStorm.start(round, List.of(target), request, requestTimeout, maxRequests)) {
                rates.add(storm.await().size() / (ROUND.toMillis() / 1000.0));
            }
        }
        console.printf("%s: storm warm-up %s req/s, %s after %d s%n", target.name(),
                rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).collect(Collectors.joining(" → ")),
                steady(rates) ? "steady" : "still rising", rates.size() * ROUND.toSeconds());
        return List.copyOf(rates);
    }

    /**
     * The storm has warmed up when each of its last two rounds offered no more than {@link #RISE} times the round
     * before: one round that falls back (a GC, a compilation) does not end a warm-up that is still rising.
     */
    static boolean steady(List<Double> rates) {
        int n = rates.size();
        return n >= MIN_ROUNDS && rates.get(n - 1) <= RISE * rates.get(n - 2)
                && rates.get(n - 2) <= RISE * rates.get(n - 3);
    }
}
