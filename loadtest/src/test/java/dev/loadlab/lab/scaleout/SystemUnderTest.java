package dev.loadlab.lab.scaleout;

import dev.loadlab.lab.run.EmbeddedSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stub upstreams and the service, started from a JVM of their own, as a cluster's Deployments would be:
 * a lab run stops every child process it knows at its end, so a system started inside the test's JVM would
 * not outlive the first run. Prints {@code ready <async base URL>}, runs until its standard input closes.
 */
public final class SystemUnderTest {

    private SystemUnderTest() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedSystem system = EmbeddedSystem.start(Path.of(args[0]), List.of("--latency-ms", args[1]),
                Map.of(), List.of("-Xmx512m"))) {
            System.out.println("ready " + system.variantUrl("async"));
            System.out.flush();
            while (System.in.read() != -1) {
                // until the test closes our standard input (or ends us)
            }
        }
    }
}
