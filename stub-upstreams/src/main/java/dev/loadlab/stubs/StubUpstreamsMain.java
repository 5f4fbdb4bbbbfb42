package dev.loadlab.stubs;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Process entry point: {@code java -jar stub-upstreams.jar [options]}. Prints one {@code ready ...} line to stdout
 * once the server accepts requests, then runs until killed; a shutdown hook stops the server.
 * Exit codes: 0 after {@code --help}, 2 for bad options or mapping files, 1 if the server cannot start.
 */
public final class StubUpstreamsMain {
    private StubUpstreamsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Optional<StubConfig> config;
        try {
            config = StubCli.parse(args);
        } catch (StubCli.UsageException e) {
            System.err.println("stub-upstreams: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.isEmpty()) {
            System.out.print(StubCli.USAGE);
            return;
        }
        StubUpstreams stubs;
        try {
            stubs = StubUpstreams.start(config.get());
        } catch (MappingsException e) {
            System.err.println("stub-upstreams: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("stub-upstreams: cannot start on " + config.get().host() + ":" + config.get().port()
                                       + " (" + e.getMessage() + "): use another --host/--port, or --port 0");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stubs.close();
            stopped.countDown();
        }, "stub-upstreams-shutdown"));
        announce(stubs, System.out);
        stopped.await();
    }

    /** Prints the ready line and flushes. */
    static void announce(StubUpstreams stubs, PrintStream out) {
        out.println(stubs.readyLine());
        out.flush();
    }
}
