package dev.loadlab.lab.run;

import dev.loadlab.simulations.StartSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts several Gatling JVMs' injection at one instant, their start-up excluded: launch each with
 * {@link #properties}, wait until each {@linkplain #awaitReady is ready} (its simulation waits in
 * {@code before()}), agree on an instant, then {@linkplain #release release} each. Windows then line up to
 * the milliseconds rather than to the seconds a JVM start takes on a busy machine.
 */
public final class SynchronizedStart {

    private SynchronizedStart() {
    }

    /** Where an injector's start file goes: inside its own folder. */
    public static Path startFile(Path injectorDir) {
        return injectorDir.resolve("start");
    }

    /** The {@code -Dloadlab.*} property that makes the simulation wait for its start instant. */
    public static Map<String, String> properties(Path startFile) {
        return Map.of("loadlab.startFile", startFile.toAbsolutePath().toString());
    }

    /** Waits until the simulation is ready to inject; fails if its JVM exits first or takes longer than timeout. */
    public static void awaitReady(ChildProcess gatling, Path startFile, Duration timeout) {
        Path ready = StartSignal.readyFile(startFile);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isRegularFile(ready)) {
            if (!gatling.isAlive()) {
                throw new LabException("the Gatling JVM exited before it was ready: " + gatling.lastLines(3)
                        + " (log: " + gatling.log() + ")");
            }
            if (System.nanoTime() > deadline) {
                gatling.close();
                throw new LabException("the Gatling JVM was not ready within " + timeout.toSeconds() + " s (log: "
                        + gatling.log() + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                gatling.close();
                throw new LabException("interrupted while the Gatling JVM started", e);
            }
        }
    }

    /** Lets the simulation inject from {@code epochMs} on. */
    public static void release(Path startFile, long epochMs) {
        StartSignal.release(startFile, epochMs);
    }
}
