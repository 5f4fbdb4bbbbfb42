package dev.loadlab.lab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lets injectors that run as separate processes, machines or pods start a point together, through a folder
 * they all see (a shared volume): each writes {@code ready-<index>} holding the epoch ms it arrived at, and
 * waits until all {@code N} have arrived. Every injector then computes the same start instant from the same
 * files (the last arrival plus a margin that covers starting the Gatling JVM), so their measured windows
 * line up to the clock skew between the machines (NTP: milliseconds).
 */
public final class StartBarrier {

    private static final Pattern READY = Pattern.compile("ready-(\\d+)");

    private StartBarrier() {
    }

    /**
     * Arrives at the barrier and waits for the others.
     *
     * @return the agreed start instant, epoch ms
     */
    public static long await(Path dir, int index, int of, Duration margin, Duration timeout) {
        Path mine = dir.resolve("ready-" + index);
        try {
            Files.createDirectories(dir);
            if (Files.exists(mine)) {
                throw new LabException("the start barrier " + dir + " was already used by injector " + index
                        + ": give this run a new --run name or an empty --barrier folder");
            }
            Path tmp = dir.resolve(".ready-" + index + ".tmp");
            Files.writeString(tmp, System.currentTimeMillis() + "\n");
            Files.move(tmp, mine, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabException("cannot write to the start barrier " + dir + ": " + e.getMessage()
                    + "; every injector needs write access to it (a shared volume)", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String gaveUp = gaveUp(dir);
            if (gaveUp != null) {
                throw new LabException("another injector gave up before this point started: " + gaveUp);
            }
            Map<Integer, Long> arrived = arrivals(dir);
            if (arrived.size() >= of && arrived.keySet().containsAll(java.util.stream.IntStream.range(0, of).boxed().toList())) {
                long last = arrived.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                long start = last + margin.toMillis();
                if (start < System.currentTimeMillis() - timeout.toMillis()) {
                    throw new LabException("the start barrier " + dir + " holds arrivals from long ago: give this"
                            + " run a new --run name or an empty --barrier folder");
                }
                return start;
            }
            if (System.nanoTime() > deadline) {
                throw new LabException("only " + arrived.size() + " of " + of + " injectors reached the start barrier"
                        + " " + dir + " within " + timeout.toSeconds() + " s (arrived: " + arrived.keySet()
                        + "); start all of them, or raise --barrier-timeout");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted at the start barrier", e);
            }
        }
    }

    /**
     * Tells the others waiting at this barrier that injector {@code index} will not come (its Gatling JVM
     * failed to start, say), so they stop waiting instead of running the point without it.
     */
    public static void giveUp(Path dir, int index, String why) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("gave-up-" + index), "injector " + index + ": " + why + "\n");
        } catch (IOException e) {
            // the others will time out instead
        }
    }

    private static String gaveUp(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("gave-up-")).toList()) {
                return Files.readString(file).trim();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Index to arrival time of every injector that has arrived. */
    static Map<Integer, Long> arrivals(Path dir) {
        Map<Integer, Long> arrived = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = READY.matcher(file.getFileName().toString());
                if (m.matches()) {
                    try {
                        arrived.put(Integer.parseInt(m.group(1)), Long.parseLong(Files.readString(file).trim()));
                    } catch (IOException | NumberFormatException e) {
                        // being written by another injector: read it on the next round
                    }
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot read the start barrier " + dir + ": " + e.getMessage(), e);
        }
        return arrived;
    }
}
