package dev.loadlab.lab;

import dev.loadlab.lab.record.UpstreamRecorder;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.LoadParameters;
import dev.loadlab.stubs.MappedUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./lab record}: makes a real dependency a fake in one step. Proxies to each real upstream through WireMock's
 * recorder while you send requests, then writes WireMock stub mappings and the measured latencies, a folder that
 * a scenario names as a mapped upstream.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {
                "Records real upstreams as fakes. For each --upstream NAME=URL it starts a proxy on a free loopback"
                        + " port and prints it; send your requests there (point your service or curl at it) and they"
                        + " go on to URL. It stops after --duration, or on Enter, or when stdin closes, or on Ctrl-C,"
                        + " and writes OUT/NAME/mappings/*.json (WireMock stub mappings, one per distinct request),"
                        + " OUT/NAME/__files/ (bodies over 1 KB) and OUT/NAME/latencies.json (the upstream's latency"
                        + " of every request, ms: an empirical latency profile).",
                "Only loopback URLs unless --allow-remote. A recording is never overwritten: OUT/NAME must be new"
                        + " or empty."},
        footer = {"", "Example:",
                "  ./lab record --upstream pricing=http://127.0.0.1:9000 --out recorded --duration 2m",
                "  record pricing: send requests to http://127.0.0.1:41234 (proxying http://127.0.0.1:9000)"})
public final class RecordCommand implements Callable<Integer> {

    /** A recording is bounded: at most this long, and this long by default. */
    static final Duration MAX_DURATION = Duration.ofMinutes(10);
    /** How long Ctrl-C waits for the recordings to be written. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(20);

    @Spec
    CommandSpec spec;

    @Option(names = "--upstream", paramLabel = "NAME=URL",
            description = "A real upstream to record: NAME ([a-z][a-z0-9-]*, the fake's name in a scenario) and its"
                    + " base URL. Repeatable.")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder the recordings go to, one sub-folder per NAME.")
    Path out;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10m",
            description = "Stop after this long (500ms, 30s, 2m; at most and by default 10m), or earlier on Enter.")
    String duration;

    @Option(names = "--allow-remote", description = "Allow upstream URLs that are not loopback addresses.")
    boolean allowRemote;

    private final InputStream stdin;

    public RecordCommand() {
        this(System.in);
    }

    /** @param stdin Enter or its end stops the recording */
    RecordCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> targets = targets(upstreams, allowRemote);
        Duration limit = duration(duration);
        Path dir = outFolder(out, targets.keySet());
        PrintWriter console = spec.commandLine().getOut();

        List<UpstreamRecorder> recorders = new ArrayList<>();
        try {
            targets.forEach((name, url) -> recorders.add(UpstreamRecorder.start(name, url, dir.resolve(name))));
        } catch (RuntimeException e) {
            recorders.forEach(UpstreamRecorder::stop);
            throw new LabException("cannot start recording (" + e.getMessage() + "): check --out and that a loopback"
                    + " port is free", e);
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        Thread ctrlC = new Thread(() -> {
            stop.countDown();
            try {
                written.await(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "record-ctrl-c");
        Runtime.getRuntime().addShutdownHook(ctrlC);
        try {
            for (UpstreamRecorder r : recorders) {
                console.printf("record %s: send requests to %s (proxying %s)%n", r.name(), r.url(), r.target());
            }
            console.printf("recording for at most %s: press Enter (or Ctrl-C) to stop earlier%n", text(limit));
            console.flush();
            watchStdin(stop);
            stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            return summarise(recorders.stream().map(UpstreamRecorder::stop).toList(), console);
        } finally {
            recorders.forEach(UpstreamRecorder::stop); // after a failure too: the proxies never outlive the command
            written.countDown();
            removeHook(ctrlC);
        }
    }

    private static int summarise(List<UpstreamRecorder.Result> results, PrintWriter console) {
        int exit = 0;
        for (UpstreamRecorder.Result r : results) {
            if (r.latencies().count() == 0) {
                console.printf("record %s: nothing came through, nothing recorded: send requests to the printed URL"
                        + " while recording%n", r.name());
                exit = 1;
                continue;
            }
            console.printf("record %s: %d mappings, %d latency samples, mean %.1f ms -> %s%n", r.name(), r.mappings(),
                    r.latencies().count(), r.latencies().meanMs(), r.folder());
            console.printf("  scenario: %s%n", r.yamlSnippet());
        }
        console.flush();
        return exit;
    }

    /** Stops the recording when a line is read from stdin or stdin ends. */
    private void watchStdin(CountDownLatch stop) {
        Thread reader = new Thread(() -> {
            try {
                int c;
                do {
                    c = stdin.read();
                } while (c != -1 && c != '\n');
            } catch (IOException e) {
                // stdin unusable: the duration or Ctrl-C stops the recording
                return;
            }
            stop.countDown();
        }, "record-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** NAME -> URL, checked: names as mapped upstreams take them, http(s) URLs, loopback unless allowed. */
    static Map<String, String> targets(List<String> specs, boolean allowRemote) {
        if (specs.isEmpty()) {
            throw new LabException("nothing to record: give --upstream NAME=URL, e.g. --upstream"
                    + " pricing=http://127.0.0.1:9000");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new LabException("--upstream '" + spec + "' is not NAME=URL: use e.g. --upstream"
                        + " pricing=http://127.0.0.1:9000");
            }
            String name = spec.substring(0, eq);
            String url = spec.substring(eq + 1);
            try {
                MappedUpstream.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new LabException("--upstream " + spec + ": " + e.getMessage());
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new LabException("--upstream " + name + "=" + url + " is not a URL: use e.g. http://127.0.0.1:9000");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new LabException("--upstream " + name + "=" + url + " must be an http(s) URL with a host, e.g."
                        + " http://127.0.0.1:9000");
            }
            if (!allowRemote && !Targets.isLoopback(uri.getHost())) {
                throw new LabException("--upstream " + name + " points at " + uri.getHost() + ", which is not a loopback"
                        + " address: record only what you own; add --allow-remote if you really mean it");
            }
            if (targets.put(name, url.endsWith("/") ? url.substring(0, url.length() - 1) : url) != null) {
                throw new LabException("--upstream " + name + " is given twice: give each upstream its own name");
            }
        }
        return targets;
    }

    static Duration duration(String text) {
        Duration d = CompareCommand.duration("--duration", text);
        if (d.isZero() || d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
            throw new LabException("--duration " + text + " is out of range: record for more than 0 and at most "
                    + text(MAX_DURATION) + " (run it again for more)");
        }
        return d;
    }

    /** The output folder; refuses one whose NAME sub-folder already holds a recording (or anything else). */
    static Path outFolder(Path out, Iterable<String> names) {
        if (out == null) {
            throw new LabException("no output folder: give --out DIR, e.g. --out recorded (recordings go to DIR/NAME)");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new LabException("--out " + out + " is a file: give a folder");
        }
        for (String name : names) {
            Path folder = out.resolve(name);
            if (Files.exists(folder) && !isEmptyFolder(folder)) {
                throw new LabException(folder + " exists and is not empty: record into another --out folder, or"
                        + " delete it first (recordings are never overwritten)");
            }
        }
        return out.toAbsolutePath().normalize();
    }

    private static boolean isEmptyFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 60_000 == 0 ? d.toMinutes() + "m" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s"
                : d.toMillis() + "ms";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook is running and waits for the recordings written above
        }
    }
}
