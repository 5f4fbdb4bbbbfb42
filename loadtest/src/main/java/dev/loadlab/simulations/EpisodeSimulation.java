package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A timed episode for the lab's reliability scenarios ({@code ./lab resilience}, {@code overload}, {@code soak}):
 * open-model stages back to back, each at its own arrival rate, requests spread round-robin over one or more
 * service modes. Each stage is its own population (idle until its offset, then its rate for its length), so every
 * request carries the stage that injected it, whatever the clocks say. {@link PointRecorder} records each stage as
 * a phase (counts, KO causes, per-second histogram intervals); in addition every request is logged
 * ({@value #REQUEST_LOG}: send time, mode, stage, status, response time, cause) so the lab can line requests up
 * with what it did to the system at known instants.
 *
 * <p>The simulation changes nothing itself. When its first request goes out it writes {@value #STARTED} (epoch ms
 * of that request, the zero of the lab's stage offsets); the lab waits for that file and then acts on the same
 * clock (faults on and off at stage edges, samples). Stage lengths should be whole seconds: Gatling spreads a
 * constant rate over whole seconds.
 *
 * <p>A stage at rate 0 is a pause, e.g. while the lab runs a retry storm with its own client.
 *
 * <p>Parameters, on top of {@link LoadParameters}:
 * {@code loadlab.stages=name:seconds:rps,...} (names unique), {@code loadlab.variants=blocking=http://127.0.0.1:8080/api/blocking,...}: each variant's base URL,
 * to which the request mix's paths ({@code loadlab.requestMix}) are appended.
 */
public class EpisodeSimulation extends LabSimulation {

    public static final String REQUEST_LOG = "requests.csv";
    public static final String STARTED = "started.txt";
    public static final String REQUEST_LOG_HEADER = "sentAtMs,variant,stage,status,responseMs,cause";

    /** The episode's own {@code -D} properties, beside {@link LoadParameters}'s: the lab writes them, this reads them. */
    public static final String STAGES_PROPERTY = "loadlab.stages";
    public static final String VARIANTS_PROPERTY = "loadlab.variants";

    private static final String STAGE = "episodeStage";
    private static final String VARIANT = "episodeVariant";
    private static final String VARIANT_URL = "episodeVariantUrl";

    private final List<Map.Entry<String, String>> variants = parseVariants(System.getProperty(VARIANTS_PROPERTY, ""));
    private final AtomicLong nextVariant = new AtomicLong();
    private final AtomicBoolean announced = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> requestLog = new ConcurrentLinkedQueue<>();

    /** One stage: its name (a file-safe word), length and arrival rate (0: a pause). */
    record Stage(String name, Duration length, double rateRps) {

        /** Parses {@code name:seconds:rps,...}. */
        static List<Stage> parse(String text) {
            List<Stage> stages = new ArrayList<>();
            for (String item : text.split(",")) {
                String[] parts = item.trim().split(":");
                if (parts.length != 3 || !parts[0].matches("[a-z0-9-]{1,40}")) {
                    throw new IllegalArgumentException(STAGES_PROPERTY + " item '" + item + "' is not name:seconds:rps");
                }
                stages.add(new Stage(parts[0], Duration.ofMillis(Math.round(Double.parseDouble(parts[1]) * 1000)),
                        Double.parseDouble(parts[2])));
            }
            return stages;
        }
    }

    /** {@code name=baseUrl,...}: the variants requests take turns over, each at its own base URL. */
    static List<Map.Entry<String, String>> parseVariants(String text) {
        List<Map.Entry<String, String>> parsed = new ArrayList<>();
        for (String item : text.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 1 || !item.substring(eq + 1).startsWith("http")) {
                throw new IllegalArgumentException(VARIANTS_PROPERTY + " item '" + item + "' is not name=http://...");
            }
            parsed.add(Map.entry(item.substring(0, eq).trim(), item.substring(eq + 1).trim()));
        }
        return List.copyOf(parsed);
    }

    // Static: phases() and populations() are called from LabSimulation's constructor, before this class's fields exist.
    private static List<Stage> stagesFromSystemProperties() {
        return Stage.parse(System.getProperty(STAGES_PROPERTY, "steady:10:10"));
    }

    @Override
    protected List<Phase> phases() {
        List<Phase> phases = new ArrayList<>();
        long start = 0;
        for (Stage stage : stagesFromSystemProperties()) {
            long end = start + stage.length().toMillis();
            phases.add(new Phase(stage.name(), "open", null, stage.rateRps(), start, start, end));
            start = end;
        }
        return phases;
    }

    // Also called from LabSimulation's constructor (before this class's fields exist, so it parses the stages
    // again): the chain reads this class's fields only when it runs.
    @Override
    protected List<PopulationBuilder> populations() {
        List<PopulationBuilder> populations = new ArrayList<>();
        long offset = 0;
        for (Stage stage : stagesFromSystemProperties()) {
            String name = stage.name();
            if (stage.rateRps() > 0) {
                populations.add(scenario("stage " + name)
                        .exec(session -> session.set(STAGE, name))
                        .exec(episodeRequest())
                        .injectOpen(startingAt(offset, constantUsersPerSec(stage.rateRps()).during(stage.length()))));
            }
            offset += stage.length().toMillis();
        }
        if (populations.isEmpty()) {
            throw new IllegalArgumentException(STAGES_PROPERTY + " has no stage with a rate above 0");
        }
        return populations;
    }

    private static OpenInjectionStep[] startingAt(long offsetMs, OpenInjectionStep step) {
        return offsetMs > 0 ? new OpenInjectionStep[] {nothingFor(Duration.ofMillis(offsetMs)), step}
                : new OpenInjectionStep[] {step};
    }

    private ChainBuilder episodeRequest() {
        return doIf(session -> recorder.mayStartRequest()).then(
                MixRequests.feedThen(mix, session -> {
                            long now = System.currentTimeMillis();
                            recorder.nameAt(now); // starts the recorder's clock with the first request
                            announceStart(now);
                            Map.Entry<String, String> variant = variants.get(
                                    (int) (nextVariant.getAndIncrement() % variants.size()));
                            return session.removeAll(MixRequests.STATUS, MixRequests.RESPONSE_TIME_MS)
                                    .set(MixRequests.SENT_AT_MS, now).set(VARIANT, variant.getKey())
                                    .set(VARIANT_URL, variant.getValue());
                        })
                        .exec(MixRequests.send(mix, params, "#{" + VARIANT_URL + "}",
                                session -> session.getString(STAGE)))
                        .exec(session -> {
                            recorder.record(session, session.getString(STAGE));
                            requestLog.add(logLine(session));
                            return session.markAsSucceeded();
                        }));
    }

    /** {@code sentAtMs,variant,stage,status,responseMs,cause}: status 0 = no response; cause as the recorder names it. */
    private String logLine(Session session) {
        long sentAt = session.getLong(MixRequests.SENT_AT_MS);
        boolean hasStatus = session.contains(MixRequests.STATUS);
        int status = hasStatus ? session.getInt(MixRequests.STATUS) : 0;
        long elapsed = session.contains(MixRequests.RESPONSE_TIME_MS)
                ? session.getInt(MixRequests.RESPONSE_TIME_MS) : System.currentTimeMillis() - sentAt;
        String cause = !session.isFailed() ? "ok"
                : hasStatus ? "status " + status
                : elapsed >= params.requestTimeout().toMillis() ? "timeout" : "connection";
        return sentAt + "," + session.getString(VARIANT) + "," + session.getString(STAGE) + "," + status + ","
                + elapsed + "," + cause;
    }

    /** Once, on the first request's own thread: a few hundred microseconds, and the lab learns the zero at once. */
    private void announceStart(long epochMs) {
        if (announced.compareAndSet(false, true)) {
            writeAtomically(params.outputDir().resolve(STARTED), List.of(String.valueOf(epochMs)));
        }
    }

    @Override
    public void after() {
        super.after();
        List<String> lines = new ArrayList<>(requestLog.size() + 1);
        lines.add(REQUEST_LOG_HEADER);
        lines.addAll(requestLog);
        writeAtomically(params.outputDir().resolve(REQUEST_LOG), lines);
    }

    private static void writeAtomically(Path file, List<String> lines) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
