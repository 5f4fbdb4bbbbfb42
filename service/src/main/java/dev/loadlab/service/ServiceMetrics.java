package dev.loadlab.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The service's meters. Names are chosen so the Prometheus exposition shows exactly:
 * {@code loadlab_requests_total{mode,endpoint,status}}, {@code loadlab_inflight_requests{mode}},
 * {@code loadlab_blocking_pool_active_threads}, {@code loadlab_blocking_pool_queue_depth} and
 * {@code loadlab_upstream_call_seconds{api,outcome}}.
 */
public final class ServiceMetrics {
    static final String REQUESTS = "loadlab_requests";
    static final String INFLIGHT = "loadlab_inflight_requests";
    static final String POOL_ACTIVE = "loadlab_blocking_pool_active_threads";
    static final String POOL_QUEUE = "loadlab_blocking_pool_queue_depth";
    static final String UPSTREAM_CALL = "loadlab_upstream_call";

    private final MeterRegistry registry;
    // getOrCreate builds a meter ID and looks it up in the registry on every call; the few series are
    // resolved once per label set and kept here (the registry returns the same meter for the same ID).
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstreamTimers = new ConcurrentHashMap<>();

    /**
     * Create.
     *
     * @param registry registry the {@code /observe/metrics} endpoint exposes
     */
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String mode, String endpoint, int status) {
        String key = mode + '|' + endpoint + '|' + status;
        Counter counter = requestCounters.get(key);
        if (counter == null) {
            counter = requestCounters.computeIfAbsent(key, k -> requestCounter(mode, endpoint, status));
        }
        counter.increment();
    }

    private Counter requestCounter(String mode, String endpoint, int status) {
        return registry.getOrCreate(Counter.builder(REQUESTS)
                                     .description("HTTP requests answered, by mode, endpoint and status")
                                     .tags(List.of(Tag.create("mode", mode),
                                                             Tag.create("endpoint", endpoint),
                                                             Tag.create("status", Integer.toString(status)))));
    }

    /**
     * Make one blocking upstream call and record how long it took, by outcome.
     *
     * @param upstream which API
     * @param call     the call
     * @param <T>      its answer
     * @return the answer
     */
    <T> T timeUpstreamCall(Upstream upstream, Supplier<T> call) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T answer = call.get();
            ok = true;
            return answer;
        } finally {
            upstreamCall(upstream, ok, System.nanoTime() - start);
        }
    }

    /**
     * Start one non-blocking upstream call and record, when it completes, how long it took, by outcome.
     *
     * @param upstream which API
     * @param call     starts the call
     * @param <T>      its answer
     * @return the answer, completed after the timing is recorded
     */
    <T> CompletableFuture<T> timeUpstreamCallAsync(Upstream upstream, Supplier<CompletableFuture<T>> call) {
        long start = System.nanoTime();
        return call.get().whenComplete((answer, failure) -> upstreamCall(upstream, failure == null, System.nanoTime() - start));
    }

    private void upstreamCall(Upstream upstream, boolean ok, long nanos) {
        String outcome = ok ? "ok" : "error";
        String key = upstream.label() + '|' + outcome;
        Timer timer = upstreamTimers.get(key);
        if (timer == null) {
            timer = upstreamTimers.computeIfAbsent(key, k -> upstreamTimer(upstream, outcome));
        }
        timer.record(Duration.ofNanos(nanos));
    }

    private Timer upstreamTimer(Upstream upstream, String outcome) {
        return registry.getOrCreate(Timer.builder(UPSTREAM_CALL)
                                     .description("Upstream call duration, by API and outcome")
                                     .tags(List.of(Tag.create("api", upstream.label()),
                                                             Tag.create("outcome", outcome))));
    }

    void inflightGauge(Mode mode, Supplier<Integer> current) {
        gauge(INFLIGHT, "Requests being served, by mode", current, List.of(Tag.create("mode", mode.label())));
    }

    void blockingPoolGauges(Supplier<Integer> activeThreads, Supplier<Integer> queueDepth) {
        gauge(POOL_ACTIVE, "Blocking-mode pool threads running a request", activeThreads, List.of());
        gauge(POOL_QUEUE, "Blocking-mode requests waiting for a pool thread", queueDepth, List.of());
    }

    // A gauge reads the state of one service instance; a newer instance (tests start several in one JVM)
    // replaces the older one's gauge instead of being ignored by getOrCreate.
    private void gauge(String name, String description, Supplier<Integer> value, List<Tag> tags) {
        registry.remove(name, tags);
        registry.getOrCreate(Gauge.builder(name, value).description(description).tags(tags));
    }
}
