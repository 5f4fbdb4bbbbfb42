package dev.loadlab.lab;

import dev.loadlab.stubs.Api;
import dev.loadlab.stubs.StubConfig;
import dev.loadlab.stubs.StubUpstreams;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stubs", mixinStandardHelpOptions = true,
        description = {"Starts only the stub upstreams (location, sun and weather APIs) on loopback, prints their"
                + " URLs and runs until stopped (Ctrl-C). Point your own service at them, then measure it with"
                + " ./lab compare --target NAME=URL and the same latency options, so the bound is known."},
        footer = {"", "Example:", "  ./lab stubs --port 8089 --profile seed"})
public final class StubsCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "0", description = "Port to bind on 127.0.0.1; 0 = any free port (default).")
    int port;

    @Mixin
    UpstreamOptions upstream;

    @Override
    public Integer call() throws InterruptedException {
        StubConfig config = upstream.stubConfig().toBuilder().port(port).build();
        try (StubUpstreams stubs = StubUpstreams.start(config)) {
            System.out.printf("ready location=%s sun=%s weather=%s admin=%s%n", stubs.locationUrl(), stubs.sunUrl(),
                    stubs.weatherUrl(), stubs.adminUrl());
            for (Api api : Api.values()) {
                System.out.printf("  %-8s mean latency %.1f ms (%s)%n", api.key(), config.meanLatencyMs(api),
                        upstream.profileOrDefault());
            }
            System.out.println("Ctrl-C to stop.");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
