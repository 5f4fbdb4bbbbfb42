package dev.loadlab.service;

import java.time.Duration;
import java.util.List;
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

    /**
     * Create.
     *
     * @param registry registry the {@code /observe/metrics} endpoint exposes
     */
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String mode, String endpoint, int status) {
        registry.getOrCreate(Counter.builder(REQUESTS)
                                     .description("HTTP requests answered, by mode, endpoint and status")
                                     .tags(List.of(Tag.create("mode", mode),
                                                             Tag.create("endpoint", endpoint),
                                                             Tag.create("status", Integer.toString(status)))))
                .increment();
    }

    void upstreamCall(Upstream upstream, String outcome, long nanos) {
        registry.getOrCreate(Timer.builder(UPSTREAM_CALL)
                                     .description("Upstream call duration, by API and outcome")
                                     .tags(List.of(Tag.create("api", upstream.label()),
                                                             Tag.create("outcome", outcome))))
                .record(Duration.ofNanos(nanos));
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
