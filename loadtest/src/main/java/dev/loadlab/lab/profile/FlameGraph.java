package dev.loadlab.lab.profile;

import java.io.IOException;
import java.nio.file.Path;
import one.convert.Arguments;
import one.convert.JfrToFlame;

/**
 * A recording's CPU samples as a self-contained flame graph ({@code flame.html}: its script and styles inline, no
 * URL loaded), drawn by async-profiler's converter ({@code tools.profiler:jfr-converter}) in this JVM, cut to the
 * measured window.
 */
public final class FlameGraph {

    public static final String FILE = "flame.html";

    private FlameGraph() {
    }

    /** Writes {@code html} from the {@code jdk.ExecutionSample} events of {@code recording} within the window. */
    public static void write(Path recording, Path html, long fromEpochMs, long toEpochMs, String title)
            throws IOException {
        // No --cpu: in the converter it selects async-profiler's own CPU samples, of which a JDK recording has none;
        // without it, it draws every execution sample (loadlab.jfc records no native-method samples, so these are
        // the CPU samples). --from/--to are epoch ms (values past 1.5e12 are absolute in the converter).
        Arguments args = new Arguments("--title", title, "--from", String.valueOf(fromEpochMs), "--to",
                String.valueOf(toEpochMs));
        JfrToFlame.convert(recording.toString(), html.toString(), args);
    }
}
