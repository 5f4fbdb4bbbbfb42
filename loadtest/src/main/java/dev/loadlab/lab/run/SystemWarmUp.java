package dev.loadlab.lab.run;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.loadlab.simulations.RequestMix;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

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
        run(variantUrls, mix, perVariant, DEFAULT_CLIENTS, console);
    }

    /** @param clientCount concurrent clients per variant, e.g. the highest level a run measures */
    public static void run(List<String> variantUrls, RequestMix mix, Duration perVariant, int clientCount,
                           PrintStream console) {
        if (perVariant.isZero()) {
            return;
        }
        console.printf("warming up the system: %d s per variant%n", perVariant.toSeconds());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String baseUrl : variantUrls) {
            HttpRequest request = VariantRequest.First.of(mix).build(baseUrl, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + perVariant.toNanos();
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
        }
        client.close();
    }
}
