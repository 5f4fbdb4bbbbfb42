package dev.loadlab.lab.run;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.loadlab.simulations.RequestMix;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Before the first point: a few seconds of traffic through each variant, so the service's and the stubs'
 * JIT-compiled code (not the interpreter) is what the points measure. Bounded in time and requests.
 */
public final class SystemWarmUp {

    public static final int DEFAULT_CLIENTS = 32;
    private static final long MAX_REQUESTS_PER_VARIANT = 200_000;

    private SystemWarmUp() {
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
        Set<Duration> distinct = new TreeSet<>(durationByUrl.values());
        console.printf("warming up the system: %s s per variant%n", distinct.stream()
                .map(d -> String.valueOf(d.toMillis() / 1000.0).replaceAll("\\.0$", ""))
                .collect(Collectors.joining(" or ")));
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
