package dev.loadlab.simulations;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** CPU time and resident memory of another process on this machine, as the OS reports them. */
public final class ProcStats {

    private ProcStats() {
    }

    /** Total (user + system) CPU time of a process, or null when it is unknown or gone. */
    public static Long cpuNanos(OptionalLong pid) {
        if (pid.isEmpty()) {
            return null;
        }
        return ProcessHandle.of(pid.getAsLong())
                .flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(null);
    }

    /**
     * CPU time (user + system) of a JVM's JIT compiler threads ({@code C1/C2 CompilerThreadN}) from
     * each {@code /proc/PID/task/TID/stat}, or null off Linux or when the process is gone. Compilation comes in bursts
     * while code warms up, so per-request CPU without it is the steadier measure of the work a request costs.
     */
    public static Long jitCpuNanos(OptionalLong pid) {
        if (pid.isEmpty()) {
            return null;
        }
        Path tasks = Path.of("/proc", String.valueOf(pid.getAsLong()), "task");
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        // after the name: state is field 3, utime 14 and stime 15 of the line
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread ended between listing and reading: its time is gone from both readings
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** Linux's USER_HZ, the unit of /proc's CPU times, is 100 on every architecture the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Resident set size in KiB from /proc, or null off Linux or when the process is gone. */
    public static Long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
