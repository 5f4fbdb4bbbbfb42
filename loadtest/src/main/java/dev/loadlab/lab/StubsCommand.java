package dev.loadlab.lab;

import dev.loadlab.lab.run.FakeUpstreams;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.MappedUpstreamsFile;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.stubs.Api;
import dev.loadlab.stubs.StubCli;
import dev.loadlab.stubs.StubConfig;
import dev.loadlab.stubs.StubUpstreams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stubs", mixinStandardHelpOptions = true,
        description = {"Starts only the fake upstreams on loopback, prints their URLs and runs until stopped"
                + " (Ctrl-C): the built-in location, sun and weather APIs, or a scenario's (--scenario FILE, its"
                + " WireMock mapping folders included). Point your own service at them, then measure it with"
                + " ./lab compare --scenario FILE (or --target NAME=URL) and the same latency options, so the bound"
                + " is known."},
        footer = {"", "Examples:", "  ./lab stubs --port 8089 --profile seed",
                "  ./lab stubs --scenario examples/quote/scenario.yaml"})
public final class StubsCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "0", description = "Port of the built-in APIs on 127.0.0.1; 0 = any free"
            + " port (default). Mapped upstreams always take free ports.")
    int port;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Start this scenario's fake upstreams"
            + " (default: the built-in scenario's: location, sun, weather).")
    Path scenarioFile;

    @Mixin
    UpstreamOptions upstream;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Scenario scenario = ScenarioFiles.loadOrBuiltIn(scenarioFile);
        FakeUpstreams fakes = FakeUpstreams.of(upstream.applyTo(scenario.upstreams()));
        StubConfig config;
        try {
            config = StubCli.parseConfig(fakes.stubArgs().toArray(String[]::new)).toBuilder().port(port)
                    .mappedUpstreams(fakes.mapped().stream().map(MappedUpstreamsFile::contract).toList()).build();
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage(), e);
        }
        try (StubUpstreams stubs = StubUpstreams.start(config)) {
            System.out.println(stubs.readyLine());
            scenario.upstreams().forEach((name, u) -> System.out.printf("  %-10s %s  mean latency %.1f ms (%s)%n", name,
                    u.isBuiltin() ? stubs.url(Api.fromKey(u.builtin())) : stubs.mappedUrl(name),
                    fakes.meanLatencyMs().get(name), u.latency().profile()));
            System.out.println("Ctrl-C to stop.");
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
