package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.EmbeddedSystem;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the embedded system while a scenario runs, each on its own schedule and thread: the service's and the
 * stub's process statistics (and, less often, their heap after a forced full GC), the service's health endpoint
 * (latency of every probe) and its in-flight and queue gauges. Everything is timestamped in epoch ms, on the
 * same clock as the request log.
 */
final class Monitor implements AutoCloseable {

    static final String SERVICE = "service";
    static final String STUB = "stub";

    /** One GET /observe/health on a new connection: status 0 when it failed or timed out. */
    record HealthProbe(long epochMs, int status, double ms) {
    }

    /** The service's gauges at one instant: in flight per mode, blocking queue depth and busy pool threads. */
    record Gauges(long epochMs, Map<String, Double> inFlight, double queueDepth, double activeThreads) {
    }

    private final EmbeddedSystem system;
    private final int servicePort;
    private final int stubPort;
    private final List<ScheduledExecutorService> schedules = new ArrayList<>();
    private final ConcurrentLinkedQueue<ReliabilityResult.ProcessSample> samples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<HealthProbe> health = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Gauges> gauges = new ConcurrentLinkedQueue<>();
    private final LabHttp http = new LabHttp();
    private final URI healthUrl;
    private long processTicks;

    private Monitor(EmbeddedSystem system) {
        this.system = system;
        this.servicePort = URI.create(system.serviceUrl()).getPort();
        this.healthUrl = URI.create(system.serviceUrl() + "/observe/health");
        this.stubPort = URI.create(system.upstreamUrls().get("location")).getPort();
    }

    /**
     * @param processEvery period of the /proc samples of both processes
     * @param heapEvery    period of the heap-after-GC samples (a multiple of processEvery), or null for none
     * @param healthEvery  period of the health probes, or null for none
     * @param gaugesEvery  period of the metrics reads, or null for none
     */
    static Monitor start(EmbeddedSystem system, Duration processEvery, Duration heapEvery, Duration healthEvery,
                         Duration gaugesEvery) {
        Monitor monitor = new Monitor(system);
        long heapTicks = heapEvery == null ? 0 : Math.max(1, heapEvery.toMillis() / processEvery.toMillis());
        monitor.every("loadlab-monitor-proc", processEvery, () -> monitor.sampleProcesses(heapTicks));
        if (healthEvery != null) {
            monitor.every("loadlab-monitor-health", healthEvery, monitor::probeHealth);
        }
        if (gaugesEvery != null) {
            monitor.every("loadlab-monitor-gauges", gaugesEvery, monitor::readGauges);
        }
        return monitor;
    }

    private void every(String name, Duration period, Runnable task) {
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a missed sample is visible as a gap; the scenario goes on
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        schedules.add(schedule);
    }

    private void sampleProcesses(long heapTicks) {
        boolean heap = heapTicks > 0 && processTicks++ % heapTicks == 0;
        samples.addAll(snapshot(system, servicePort, stubPort, heap, heap));
    }

    /**
     * Both processes now; with {@code serviceHeap} / {@code stubHeap}, also that process's heap after a forced full
     * GC (~0.5 s each).
     */
    static List<ReliabilityResult.ProcessSample> snapshot(EmbeddedSystem system, boolean serviceHeap,
                                                          boolean stubHeap) {
        return snapshot(system, URI.create(system.serviceUrl()).getPort(),
                URI.create(system.upstreamUrls().get("location")).getPort(), serviceHeap, stubHeap);
    }

    private static List<ReliabilityResult.ProcessSample> snapshot(EmbeddedSystem system, int servicePort,
                                                                   int stubPort, boolean serviceHeap,
                                                                   boolean stubHeap) {
        List<ReliabilityResult.ProcessSample> now = new ArrayList<>(2);
        add(now, SERVICE, system.servicePid(), servicePort, stubPort, serviceHeap);
        add(now, STUB, system.stubPid(), stubPort, -1, stubHeap);
        return now;
    }

    private static void add(List<ReliabilityResult.ProcessSample> into, String name, long pid, int listenPort,
                            int upstreamPort, boolean heap) {
        Double heapMb = heap ? HeapAfterGc.mb(pid) : null;
        long at = System.currentTimeMillis();
        ProcessStats stats = ProcessStats.read(pid, listenPort, upstreamPort);
        if (stats != null) {
            into.add(new ReliabilityResult.ProcessSample(at, name, stats.threads(), stats.fds(), stats.established(),
                    stats.inbound(), stats.outbound(), round(stats.rssMb()), heapMb == null ? null : round(heapMb)));
        }
    }

    private void probeHealth() {
        long start = System.nanoTime();
        long at = System.currentTimeMillis();
        int status;
        try {
            status = LabHttp.statusOnNewConnection(healthUrl, Duration.ofSeconds(5));
        } catch (IOException e) {
            status = 0;
        }
        health.add(new HealthProbe(at, status, round((System.nanoTime() - start) / 1e6)));
    }

    private void readGauges() {
        long at = System.currentTimeMillis();
        try {
            String metrics = http.get(system.serviceUrl() + "/observe/metrics", Duration.ofSeconds(5)).body();
            gauges.add(new Gauges(at, LabHttp.series(metrics, "loadlab_inflight_requests", "mode"),
                    LabHttp.series(metrics, "loadlab_blocking_pool_queue_depth", "").values().stream()
                            .mapToDouble(Double::doubleValue).sum(),
                    LabHttp.series(metrics, "loadlab_blocking_pool_active_threads", "").values().stream()
                            .mapToDouble(Double::doubleValue).sum()));
        } catch (IOException e) {
            // no reading this time; the health probes show whether the service answers at all
        }
    }

    List<ReliabilityResult.ProcessSample> processSamples() {
        return List.copyOf(samples);
    }

    List<HealthProbe> health() {
        return List.copyOf(health);
    }

    List<Gauges> gauges() {
        return List.copyOf(gauges);
    }

    @Override
    public void close() {
        schedules.forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService schedule : schedules) {
            try {
                schedule.awaitTermination(35, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
