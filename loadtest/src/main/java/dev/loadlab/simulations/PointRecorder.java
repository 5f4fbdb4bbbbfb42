package dev.loadlab.simulations;

import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Records, inside the Gatling JVM, every request of each measured phase: OK and KO counts, KO causes,
 * and the response time of each request into HdrHistogram interval logs (one interval per second,
 * tagged {@code ok} and {@code ko}). It also samples the CPU time of the service, the stub and this
 * JVM at the edges of each measured window. The lab reads only what this class writes, never
 * Gatling's HTML or console.
 */
public final class PointRecorder {

    /** Microsecond values, 4 significant digits: better than 0.1 ms resolution up to the 2 min ceiling. */
    static final long HIGHEST_TRACKABLE_US = 120_000_000L;
    static final int SIGNIFICANT_DIGITS = 4;

    private final LoadParameters params;
    private final List<Phase> phases;
    private final Map<String, PhaseRecording> recordings = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "loadlab-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong requestBudget;
    /** Epoch ms of the first request (or of the agreed start instant): phase offsets count from here. */
    private final AtomicLong injectionStartMs = new AtomicLong();
    /** Epoch ms of the first request actually sent (later than the agreed start when this JVM was slow). */
    private final AtomicLong firstRequestMs = new AtomicLong();

    public PointRecorder(LoadParameters params, List<Phase> phases) {
        this.params = params;
        this.phases = List.copyOf(phases);
        this.requestBudget = new AtomicLong(params.maxRequests());
    }

    /** Opens the interval logs; the clock starts with the first request ({@link #nameAt}). */
    public void start() {
        try {
            Files.createDirectories(params.outputDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create loadlab.output " + params.outputDir(), e);
        }
        for (Phase phase : phases) {
            recordings.put(phase.name(), new PhaseRecording(phase, params.outputDir()));
        }
        sampler.scheduleAtFixedRate(this::writeIntervals, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the phases' clock at an agreed instant instead of at the first request: injectors that share a
     * point then measure the very same window, however late each one's first request goes out.
     */
    public void startClockAt(long epochMs) {
        if (injectionStartMs.compareAndSet(0, epochMs)) {
            scheduleWindowEdges(epochMs);
        }
    }

    /** The name a request sent now carries; the first call starts the phases' clock (unless already started). */
    public String nameAt(long epochMs) {
        firstRequestMs.compareAndSet(0, epochMs);
        if (injectionStartMs.get() == 0 && injectionStartMs.compareAndSet(0, epochMs)) {
            scheduleWindowEdges(epochMs);
        }
        long offset = epochMs - injectionStartMs.get();
        for (Phase phase : phases) {
            if (phase.measures(offset)) {
                return phase.name();
            }
        }
        return Phase.WARM_UP;
    }

    /** Milliseconds since the first request (0 before it). */
    public long offsetNow() {
        long start = injectionStartMs.get();
        return start == 0 ? 0 : System.currentTimeMillis() - start;
    }

    /** CPU samples at the exact edges of each measured window. */
    private void scheduleWindowEdges(long startMs) {
        long now = System.currentTimeMillis();
        for (PhaseRecording recording : recordings.values()) {
            Phase phase = recording.phase;
            sampler.schedule(recording::windowOpens, startMs + phase.measureFromOffsetMs() - now, TimeUnit.MILLISECONDS);
            sampler.schedule(recording::windowCloses, startMs + phase.measureUntilOffsetMs() - now,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** False once the run's request budget is spent: a hard bound on top of the time bound. */
    public boolean mayStartRequest() {
        return requestBudget.getAndDecrement() > 0;
    }

    /** Called after each request with the session Gatling left behind. */
    public Session record(Session session, String name) {
        PhaseRecording recording = recordings.get(name);
        if (recording == null) {
            return session;
        }
        long nowMs = System.currentTimeMillis();
        if (session.isFailed()) {
            long sentAt = session.getLong(MixRequests.SENT_AT_MS);
            long elapsedMs = session.contains(MixRequests.RESPONSE_TIME_MS)
                    ? session.getInt(MixRequests.RESPONSE_TIME_MS) : nowMs - sentAt;
            String cause = session.contains(MixRequests.STATUS)
                    ? "status " + session.getInt(MixRequests.STATUS)
                    : elapsedMs >= params.requestTimeout().toMillis() ? "timeout" : "connection";
            recording.ko(elapsedMs, cause);
        } else {
            recording.ok(session.getInt(MixRequests.RESPONSE_TIME_MS));
        }
        return session;
    }

    /** Flushes the last intervals and writes one JSON result per phase. */
    public void finish() {
        sampler.shutdownNow();
        synchronized (this) {
            recordings.values().forEach(PhaseRecording::close);
        }
    }

    private synchronized void writeIntervals() {
        recordings.values().forEach(PhaseRecording::writeInterval);
    }

    private final class PhaseRecording {
        private final Phase phase;
        private final Path histogramFile;
        private final Recorder okRecorder = new Recorder(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
        private final Recorder koRecorder = new Recorder(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
        private final LongAdder ok = new LongAdder();
        private final LongAdder ko = new LongAdder();
        private final Map<String, LongAdder> koByCause = new ConcurrentHashMap<>();
        private final PrintStream histogramOut;
        private final HistogramLogWriter histogramLog;
        private Histogram okInterval;
        private Histogram koInterval;
        private volatile CpuSample atWindowStart;
        private volatile CpuSample atWindowEnd;
        private volatile Long serviceRssKb;

        PhaseRecording(Phase phase, Path dir) {
            this.phase = phase;
            this.histogramFile = dir.resolve(phase.name() + ".hlog");
            try {
                this.histogramOut = new PrintStream(Files.newOutputStream(histogramFile), false, "UTF-8");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.histogramLog = new HistogramLogWriter(histogramOut);
            histogramLog.outputComment("loadlab " + phase.name() + " response times in microseconds; tags ok and ko");
            histogramLog.outputLogFormatVersion();
            histogramLog.outputLegend();
        }

        void ok(long responseTimeMs) {
            ok.increment();
            okRecorder.recordValue(Math.min(responseTimeMs * 1000, HIGHEST_TRACKABLE_US));
        }

        void ko(long elapsedMs, String cause) {
            ko.increment();
            koByCause.computeIfAbsent(cause, c -> new LongAdder()).increment();
            koRecorder.recordValue(Math.min(Math.max(elapsedMs, 0) * 1000, HIGHEST_TRACKABLE_US));
        }

        void windowOpens() {
            atWindowStart = CpuSample.take(params.servicePid(), params.stubPid());
        }

        void windowCloses() {
            atWindowEnd = CpuSample.take(params.servicePid(), params.stubPid());
            serviceRssKb = params.servicePid().isPresent() ? ProcStats.rssKb(params.servicePid().getAsLong()) : null;
        }

        void writeInterval() {
            okInterval = okRecorder.getIntervalHistogram(okInterval);
            koInterval = koRecorder.getIntervalHistogram(koInterval);
            if (okInterval.getTotalCount() > 0) {
                okInterval.setTag("ok");
                histogramLog.outputIntervalHistogram(okInterval);
            }
            if (koInterval.getTotalCount() > 0) {
                koInterval.setTag("ko");
                histogramLog.outputIntervalHistogram(koInterval);
            }
        }

        void close() {
            if (atWindowStart != null && atWindowEnd == null) {
                windowCloses(); // the run ended right at the window's edge, before the scheduled sample ran
            }
            writeInterval();
            histogramOut.close();
            long start = injectionStartMs.get();
            Map<String, Long> causes = new TreeMap<>();
            koByCause.forEach((cause, count) -> causes.put(cause, count.sum()));
            new PointRecording(phase.name(), params.endpoint(), phase.model(), phase.concurrency(), phase.rateRps(),
                    params.baseUrl(), start + phase.measureFromOffsetMs(), start + phase.measureUntilOffsetMs(),
                    phase.measureSeconds(), firstRequestMs.get() == 0 ? null : firstRequestMs.get(), ok.sum(),
                    ko.sum(), causes, CpuSample.delta(atWindowStart, atWindowEnd), serviceRssKb,
                    histogramFile.getFileName().toString())
                    .write(params.outputDir());
        }
    }

    /** CPU time of the service (and of its JIT compiler threads), the stub and this load generator at one instant. */
    record CpuSample(Long serviceNanos, Long serviceJitNanos, Long stubNanos, long loadgenNanos) {

        static CpuSample take(OptionalLong servicePid, OptionalLong stubPid) {
            long loadgen = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new CpuSample(ProcStats.cpuNanos(servicePid), ProcStats.jitCpuNanos(servicePid),
                    ProcStats.cpuNanos(stubPid), loadgen);
        }

        static PointRecording.CpuNanos delta(CpuSample start, CpuSample end) {
            if (start == null || end == null) {
                return PointRecording.CpuNanos.NOT_SAMPLED;
            }
            return new PointRecording.CpuNanos(
                    start.serviceNanos == null || end.serviceNanos == null ? null : end.serviceNanos - start.serviceNanos,
                    start.serviceJitNanos == null || end.serviceJitNanos == null ? null
                            : end.serviceJitNanos - start.serviceJitNanos,
                    start.stubNanos == null || end.stubNanos == null ? null : end.stubNanos - start.stubNanos,
                    end.loadgenNanos - start.loadgenNanos);
        }
    }
}
