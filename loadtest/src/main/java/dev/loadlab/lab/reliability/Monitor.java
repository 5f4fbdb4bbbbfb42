package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.EmbeddedSystem;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the embedded system while an episode runs, each on its own schedule and thread: the process statistics
 * of the variants under test and of the stub (and, less often, their heap after a forced full GC), the variant's
 * health endpoint (latency of every probe) and, on the lab's own service, its in-flight and queue gauges.
 * Everything is timestamped in epoch ms, on the same clock as the request log.
 */
final class Monitor implements AutoCloseable {

    static final String SERVICE = "service";
    static final String STUB = "stub";

    /** One GET of the variant's health URL on a new connection: status 0 when it failed or timed out. */
    record HealthProbe(long epochMs, int status, double ms) {
    }

    /** The service's gauges at one instant: in flight per mode, blocking queue depth and busy pool threads. */
    record Gauges(long epochMs, Map<String, Double> inFlight, double queueDepth, double activeThreads) {
    }

    private final Processes processes;
    private final ReliabilityScenario.Target probed;
    private final List<ScheduledExecutorService> schedules = new ArrayList<>();
    private final ConcurrentLinkedQueue<ReliabilityResult.ProcessSample> samples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<HealthProbe> health = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Gauges> gauges = new ConcurrentLinkedQueue<>();
    private final LabHttp http = new LabHttp();
    private long processTicks;

    /**
     * The processes to sample: each variant's (the lab's service once, under {@value #SERVICE}; a variant started
     * by command under its own name) and the stub's, with the ports that tell their connections apart.
     */
    record Processes(Map<String, Long> pids, Map<String, Set<Integer>> listenPorts, Set<Integer> stubPorts,
                     long stubPid) {

        static Processes of(EmbeddedSystem system, List<ReliabilityScenario.Target> targets) {
            Map<String, Long> pids = new LinkedHashMap<>();
            Map<String, Set<Integer>> ports = new LinkedHashMap<>();
            for (ReliabilityScenario.Target target : targets) {
                pids.put(processName(target), target.pid());
                ports.put(processName(target), target.ports());
            }
            Set<Integer> stubPorts = new HashSet<>();
            system.upstreamUrls().values().forEach(url -> stubPorts.add(URI.create(url).getPort()));
            return new Processes(pids, ports, Set.copyOf(stubPorts), system.stubPid());
        }
    }

    /** The name a target's process samples carry. */
    static String processName(ReliabilityScenario.Target target) {
        return target.labService() ? SERVICE : target.name();
    }

    private Monitor(Processes processes, ReliabilityScenario.Target probed) {
        this.processes = processes;
        this.probed = probed;
    }

    /**
     * @param processes    the processes sampled: the variants' and the stub's
     * @param probed       the variant whose health and gauges are read; null for none
     * @param processEvery period of the /proc samples of every process
     * @param heapEvery    period of the heap-after-GC samples (a multiple of processEvery), or null for none
     * @param healthEvery  period of the health probes, or null for none (and none when the variant has no health URL)
     * @param gaugesEvery  period of the metrics reads, or null for none (and none but on the lab's service)
     */
    static Monitor start(Processes processes, ReliabilityScenario.Target probed, Duration processEvery,
                         Duration heapEvery, Duration healthEvery, Duration gaugesEvery) {
        Monitor monitor = new Monitor(processes, probed);
        long heapTicks = heapEvery == null ? 0 : Math.max(1, heapEvery.toMillis() / processEvery.toMillis());
        monitor.every("loadlab-monitor-proc", processEvery, () -> monitor.sampleProcesses(heapTicks));
        if (healthEvery != null && probed != null && probed.health() != null) {
            monitor.every("loadlab-monitor-health", healthEvery, monitor::probeHealth);
        }
        if (gaugesEvery != null && probed != null && probed.labService()) {
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
        samples.addAll(snapshot(processes, heap, heap));
    }

    /**
     * Every process now; with {@code variantHeap} / {@code stubHeap}, also those processes' heap after a forced
     * full GC (~0.5 s each; none for a process that is not a JVM).
     */
    static List<ReliabilityResult.ProcessSample> snapshot(Processes processes, boolean variantHeap,
                                                          boolean stubHeap) {
        List<ReliabilityResult.ProcessSample> now = new ArrayList<>(processes.pids().size() + 1);
        processes.pids().forEach((name, pid) -> add(now, name, pid, processes.listenPorts().get(name),
                processes.stubPorts(), variantHeap));
        add(now, STUB, processes.stubPid(), processes.stubPorts(), Set.of(), stubHeap);
        return now;
    }

    private static void add(List<ReliabilityResult.ProcessSample> into, String name, long pid,
                            Set<Integer> listenPorts, Set<Integer> upstreamPorts, boolean heap) {
        Double heapMb = heap ? HeapAfterGc.mb(pid) : null;
        long at = System.currentTimeMillis();
        ProcessStats stats = ProcessStats.read(pid, listenPorts, upstreamPorts);
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
            status = LabHttp.statusOnNewConnection(probed.health(), Duration.ofSeconds(5));
        } catch (IOException e) {
            status = 0;
        }
        health.add(new HealthProbe(at, status, round((System.nanoTime() - start) / 1e6)));
    }

    private void readGauges() {
        long at = System.currentTimeMillis();
        try {
            // the API's port: health may be on a port of its own
            String metrics = http.get(URI.create(probed.url()).resolve("/observe/metrics").toString(), Duration.ofSeconds(5))
                    .body();
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
