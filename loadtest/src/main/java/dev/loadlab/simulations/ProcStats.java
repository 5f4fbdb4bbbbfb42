package dev.loadlab.simulations;

import java.io.IOException;
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
