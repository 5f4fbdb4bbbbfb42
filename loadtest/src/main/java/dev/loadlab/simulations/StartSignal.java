package dev.loadlab.simulations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * How several injectors start a point together without their JVMs' start-up in the way: the simulation,
 * ready to inject, writes {@code <startFile>.ready} and waits; whoever coordinates the injectors (the lab,
 * or {@code ./lab inject} after meeting the others at a barrier) writes the agreed start instant (epoch ms)
 * into {@code <startFile>}; the simulation sleeps until that instant and injects.
 */
public final class StartSignal {

    /** A simulation gives up waiting for the start instant after this long. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private StartSignal() {
    }

    public static Path readyFile(Path startFile) {
        return startFile.resolveSibling(startFile.getFileName() + ".ready");
    }

    /** In the simulation: says it is ready, waits for the start instant, then until that instant; returns it. */
    static long awaitStart(Path startFile) {
        write(readyFile(startFile), String.valueOf(System.currentTimeMillis()));
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        try {
            while (!Files.isRegularFile(startFile)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no start instant in " + startFile + " within " + MAX_WAIT);
                }
                Thread.sleep(20);
            }
            long startAt = Long.parseLong(Files.readString(startFile).trim());
            long waitMs = startAt - System.currentTimeMillis();
            if (waitMs > MAX_WAIT.toMillis()) {
                throw new IllegalStateException("the start instant in " + startFile + " is " + waitMs / 1000 + " s away");
            }
            if (waitMs > 0) {
                Thread.sleep(waitMs);
            }
            return startAt;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the start instant from " + startFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the start instant", e);
        }
    }

    /** For the coordinator: lets the simulation waiting on {@code startFile} start at {@code epochMs}. */
    public static void release(Path startFile, long epochMs) {
        write(startFile, String.valueOf(epochMs));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
