package dev.loadlab.lab.run;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.loadlab.simulations.RequestMix;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Before the first point: a few seconds of traffic through each variant, so the service's and the stubs'
 * JIT-compiled code (not the interpreter) is what the points measure. Bounded in time and requests.
 */
public final class SystemWarmUp {

    public static final int DEFAULT_CLIENTS = 32;
    /** More would be a storm of new connections, not a warm-up. */
    private static final int MAX_CLIENTS = 1024;
    private static final long MAX_REQUESTS_PER_VARIANT = 200_000;

    private SystemWarmUp() {
    }

    /**
     * Clients for a run whose highest level is that many users: four times as many, at least 32 and at most 1024.
     * Each client's rate is capped by the critical path, so 32 clients for 5 s send about 800 requests through a
     * 200 ms path: too few for the JIT, and the first repeat of a 512-user point then measured mostly interpreted
     * code (36% of the bound against 60-76% in the second, same run).
     */
    public static int clientsFor(Collection<Integer> levels) {
        int highest = levels.stream().max(Integer::compare).orElse(0);
        return Math.min(MAX_CLIENTS, Math.max(DEFAULT_CLIENTS, 4 * highest));
    }

    public static void run(List<String> variantUrls, RequestMix mix, Duration perVariant, PrintStream console) {
        Map<String, Duration> byUrl = new LinkedHashMap<>();
        variantUrls.forEach(url -> byUrl.put(url, perVariant));
        run(byUrl, mix, DEFAULT_CLIENTS, console);
    }

    /**
     * @param durationByUrl how long to drive each variant's base URL, in this order
     * @param clientCount   concurrent clients per variant, e.g. the highest level a run measures
     */
    public static void run(Map<String, Duration> durationByUrl, RequestMix mix, int clientCount,
                           PrintStream console) {
        Duration total = durationByUrl.values().stream().reduce(Duration.ZERO, Duration::plus);
        if (total.isZero()) {
            return;
        }
        console.printf("warming up the system: %d s in all%n", total.toSeconds());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        durationByUrl.forEach((baseUrl, duration) -> {
            HttpRequest request = VariantRequest.First.of(mix).build(baseUrl, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + duration.toNanos();
            AtomicLong budget = new AtomicLong(MAX_REQUESTS_PER_VARIANT);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < clientCount; i++) {
                    clients.submit(() -> {
                        while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                            try {
                                client.send(request, HttpResponse.BodyHandlers.discarding());
                            } catch (java.io.IOException e) {
                                // warm-up only: failures show up in the measured points
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    });
                }
            }
        });
        client.close();
    }
}
