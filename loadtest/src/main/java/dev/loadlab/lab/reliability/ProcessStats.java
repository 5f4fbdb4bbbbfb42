package dev.loadlab.lab.reliability;

import dev.loadlab.simulations.ProcStats;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the OS says about one process, read from {@code /proc} (Linux; cheap enough to read every second):
 * threads (all of them, JVM-internal ones included), open file descriptors, and its TCP connections in state
 * ESTABLISHED, split by whether the process accepted them on one of its {@code listenPorts} or opened them to one
 * of the {@code upstreamPorts} (the stub's: one per fake upstream that has a server of its own). Sockets are matched to connections by inode through {@code /proc/PID/net/tcp}
 * and {@code tcp6} (Java's sockets are dual-stack).
 *
 * @param established all ESTABLISHED TCP connections of the process
 * @param inbound     those accepted on the process's own ports (clients: the load generator, probes)
 * @param outbound    those to the upstream ports (the service's pooled connections to the stub); 0 for the stub
 */
public record ProcessStats(int threads, int fds, int established, int inbound, int outbound, double rssMb) {

    private static final String ESTABLISHED = "01";

    /** Null when the process is gone or /proc is not readable. */
    public static ProcessStats read(long pid, Set<Integer> listenPorts, Set<Integer> upstreamPorts) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        try {
            int threads = threads(proc);
            Set<Long> socketInodes = new HashSet<>();
            int fds = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc.resolve("fd"))) {
                for (Path fd : entries) {
                    fds++;
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            socketInodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                        }
                    } catch (IOException closedMeanwhile) {
                        // the descriptor was closed between listing and reading
                    }
                }
            }
            int[] tcp = new int[3];
            for (String table : List.of("tcp", "tcp6")) {
                Path file = proc.resolve("net").resolve(table);
                if (Files.isReadable(file)) {
                    count(Files.readAllLines(file), socketInodes, listenPorts, upstreamPorts, tcp);
                }
            }
            Long rssKb = ProcStats.rssKb(pid);
            return new ProcessStats(threads, fds, tcp[0], tcp[1], tcp[2], rssKb == null ? 0 : rssKb / 1024.0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int threads(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        throw new IOException("no Threads line in " + proc.resolve("status"));
    }

    /** Counts ESTABLISHED rows owned by the process: total, inbound (local port), outbound (remote port). */
    static void count(List<String> rows, Set<Long> inodes, Set<Integer> listenPorts, Set<Integer> upstreamPorts,
                      int[] tcp) {
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.length < 10 || !f[0].endsWith(":") || !ESTABLISHED.equals(f[3])) {
                continue;
            }
            long inode;
            try {
                inode = Long.parseLong(f[9]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!inodes.contains(inode)) {
                continue;
            }
            tcp[0]++;
            if (listenPorts.contains(port(f[1]))) {
                tcp[1]++;
            } else if (upstreamPorts.contains(port(f[2]))) {
                tcp[2]++;
            }
        }
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.lastIndexOf(':') + 1), 16);
    }
}
