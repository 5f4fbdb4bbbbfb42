package dev.loadlab.lab.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system under test on this machine: the stub upstreams and the service, each its own JVM on a free
 * loopback port. Stopped by PID on close, on failure and on Ctrl-C.
 */
public final class EmbeddedSystem implements AutoCloseable {

    private static final Pattern STUB_READY = Pattern.compile(
            "^ready location=(\\S+) sun=(\\S+) weather=(\\S+)");
    private static final Pattern SERVICE_READY = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess stubs;
    private final ChildProcess service;
    private final String serviceUrl;
    private final Map<String, String> upstreamUrls;

    private EmbeddedSystem(ChildProcess stubs, ChildProcess service, String serviceUrl,
                           Map<String, String> upstreamUrls) {
        this.stubs = stubs;
        this.service = service;
        this.serviceUrl = serviceUrl;
        this.upstreamUrls = upstreamUrls;
    }

    /**
     * @param stubArgs       the stub process's latency and fault options
     * @param serviceConfig  service config keys given as system properties (e.g. blocking.pool-size)
     */
    public static EmbeddedSystem start(Path logDir, List<String> stubArgs, Map<String, String> serviceConfig,
                                       List<String> serviceJvmArgs) {
        return start(logDir, stubArgs, Jvm.requireJar("service/target/service.jar"), serviceConfig, serviceJvmArgs);
    }

    /**
     * @param serviceJar the service build to run (another checkout's, for the gate's A/B trials)
     */
    public static EmbeddedSystem start(Path logDir, List<String> stubArgs, Path serviceJar,
                                       Map<String, String> serviceConfig, List<String> serviceJvmArgs) {
        Path stubJar = Jvm.requireJar("stub-upstreams/target/stub-upstreams.jar");
        if (!java.nio.file.Files.isRegularFile(serviceJar)) {
            throw new LabException(serviceJar + " is missing: build that checkout with ./mvnw -DskipTests package");
        }

        JavaRuntime runtime = JavaRuntime.launched();
        ChildProcess stubs = ChildProcess.start("stub-upstreams", stubCommand(runtime, stubJar, stubArgs),
                logDir.resolve("stub-upstreams.log"));
        try {
            Matcher ready = stubs.awaitLine(STUB_READY, START_TIMEOUT);
            Map<String, String> upstreams = Map.of("location", ready.group(1), "sun", ready.group(2),
                    "weather", ready.group(3));
            List<String> serviceCommand = serviceCommand(runtime, serviceJar, upstreams, serviceConfig,
                    serviceJvmArgs);
            ChildProcess service = ChildProcess.start("service", serviceCommand, logDir.resolve("service.log"));
            String serviceUrl = service.awaitLine(SERVICE_READY, START_TIMEOUT).group(1);
            new ServiceProbe(serviceUrl).awaitHealthy(START_TIMEOUT);
            return new EmbeddedSystem(stubs, service, serviceUrl, upstreams);
        } catch (RuntimeException e) {
            ChildProcess.stopAll();
            throw e;
        }
    }

    /** The stub JVM's command line on {@code runtime}. */
    static List<String> stubCommand(JavaRuntime runtime, Path stubJar, List<String> stubArgs) {
        // WireMock throws (and catches) a date-parse exception per query value; without stack traces that
        // costs a quarter less stub CPU (docs/PERFORMANCE.md). Its output prints only exception messages.
        List<String> command = new ArrayList<>(List.of(runtime.java(), "-Xmx1g", "-XX:-StackTraceInThrowable",
                "-jar", stubJar.toString(), "--host", "127.0.0.1", "--port", "0"));
        command.addAll(stubArgs);
        return command;
    }

    /** The service JVM's command line on {@code runtime}: its options, then its config as system properties. */
    static List<String> serviceCommand(JavaRuntime runtime, Path serviceJar, Map<String, String> upstreams,
                                       Map<String, String> serviceConfig, List<String> serviceJvmArgs) {
        List<String> command = new ArrayList<>(List.of(runtime.java()));
        command.addAll(serviceJvmArgs);
        command.add("-Dserver.host=127.0.0.1");
        command.add("-Dserver.port=0");
        upstreams.forEach((api, url) -> command.add("-Dupstreams." + api + ".base-url=" + url));
        serviceConfig.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", serviceJar.toString()));
        return command;
    }

    /** Base URL of one mode: {@code /{endpoint}/{zip}/{country}} is appended to it. */
    public String variantUrl(String variant) {
        return serviceUrl + "/api/" + variant;
    }

    public String serviceUrl() {
        return serviceUrl;
    }

    public Map<String, String> upstreamUrls() {
        return upstreamUrls;
    }

    public long servicePid() {
        return service.pid();
    }

    public long stubPid() {
        return stubs.pid();
    }

    /** The service's console log: where to look when it does not answer. */
    public Path serviceLog() {
        return service.log();
    }

    public boolean alive() {
        return service.isAlive() && stubs.isAlive();
    }

    public ServiceProbe probe() {
        return new ServiceProbe(serviceUrl);
    }

    @Override
    public void close() {
        service.close();
        stubs.close();
    }
}
