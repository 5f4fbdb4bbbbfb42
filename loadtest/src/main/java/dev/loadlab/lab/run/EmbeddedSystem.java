package dev.loadlab.lab.run;

import java.nio.file.Path;
import java.time.Duration;
import dev.loadlab.lab.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system under test on this machine: the fake upstreams (one stub process), the lab's service when a variant
 * is one of its modes, and the variants a scenario starts by command, each its own process on a free loopback
 * port. Stopped by PID on close, on failure and on Ctrl-C.
 */
public final class EmbeddedSystem implements AutoCloseable {

    private static final Pattern STUB_READY = Pattern.compile("^ready ((?:\\S+=\\S+ ?)+)$");
    /** The service's URL, then its health URL when it answers health on a port of its own (an older build does not). */
    static final Pattern SERVICE_READY = Pattern.compile(
            "ready at (http://127\\.0\\.0\\.1:\\d+)(?:, health at (http://127\\.0\\.0\\.1:\\d+/\\S+))?");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess stubs;
    private final ChildProcess service; // null without a mode of the lab's service
    private final String serviceUrl;
    private final String serviceHealthUrl;
    private final Map<String, String> upstreamUrls;
    private final Map<String, VariantProcess> commands;

    private EmbeddedSystem(ChildProcess stubs, ChildProcess service, String serviceUrl, String serviceHealthUrl,
                           Map<String, String> upstreamUrls, Map<String, VariantProcess> commands) {
        this.stubs = stubs;
        this.service = service;
        this.serviceUrl = serviceUrl;
        this.serviceHealthUrl = serviceHealthUrl;
        this.upstreamUrls = upstreamUrls;
        this.commands = commands;
    }

    /**
     * The built-in upstreams and this checkout's service.
     *
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
        FakeUpstreams builtins = new FakeUpstreams(stubArgs, List.of(), Map.of(), "", Map.of());
        return start(logDir, builtins, serviceJar, serviceConfig, serviceJvmArgs, Map.of());
    }

    /**
     * @param upstreams  the fake upstreams to serve
     * @param serviceJar the lab's service to start; null = none (no variant is one of its modes)
     * @param commands   the scenario's variants to start by command, by variant name
     */
    public static EmbeddedSystem start(Path logDir, FakeUpstreams upstreams, Path serviceJar,
                                       Map<String, String> serviceConfig, List<String> serviceJvmArgs,
                                       Map<String, Scenario.Variant> commands) {
        Path stubJar = Jvm.requireJar("stub-upstreams/target/stub-upstreams.jar");
        if (serviceJar != null && !java.nio.file.Files.isRegularFile(serviceJar)) {
            throw new LabException(serviceJar + " is missing: build that checkout with ./mvnw -DskipTests package");
        }

        JavaRuntime runtime = JavaRuntime.launched();
        List<String> stubArgs = new ArrayList<>(upstreams.stubArgs());
        if (!upstreams.mapped().isEmpty()) {
            stubArgs.addAll(List.of("--mapped-upstreams", MappedUpstreamsFile.write(logDir, upstreams.mapped())
                    .toString()));
        }
        ChildProcess stubs = ChildProcess.start("stub-upstreams", stubCommand(runtime, stubJar, stubArgs),
                logDir.resolve("stub-upstreams.log"));
        try {
            Map<String, String> served = readyUrls(stubs.awaitLine(STUB_READY, START_TIMEOUT).group(1));
            Map<String, String> upstreamUrls = new LinkedHashMap<>(served);
            upstreams.builtinNames().forEach((api, name) -> upstreamUrls.put(name, served.get(api)));
            ChildProcess service = null;
            String serviceUrl = null;
            String serviceHealthUrl = null;
            if (serviceJar != null) {
                Map<String, String> builtinApis = Map.of("location", served.get("location"), "sun", served.get("sun"),
                        "weather", served.get("weather"));
                service = ChildProcess.start("service", serviceCommand(runtime, serviceJar, builtinApis,
                        serviceConfig, serviceJvmArgs), logDir.resolve("service.log"));
                Matcher ready = service.awaitLine(SERVICE_READY, START_TIMEOUT);
                serviceUrl = ready.group(1);
                serviceHealthUrl = ready.group(2) != null ? ready.group(2) : serviceUrl + "/observe/health";
                new ServiceProbe(serviceUrl).awaitHealthy(START_TIMEOUT);
            }
            Map<String, VariantProcess> started = new LinkedHashMap<>();
            commands.forEach((variant, spec) -> started.put(variant, VariantProcess.start(spec, upstreamUrls, logDir)));
            return new EmbeddedSystem(stubs, service, serviceUrl, serviceHealthUrl, Map.copyOf(upstreamUrls), started);
        } catch (RuntimeException e) {
            ChildProcess.stopAll();
            throw e;
        }
    }

    /** {@code location=http://... sun=http://... pricing=http://...} as a map. */
    static Map<String, String> readyUrls(String pairs) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String pair : pairs.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            urls.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return urls;
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
        command.add("-Dmanagement.port=0"); // health on a platform thread of its own: fast in a retry storm
        upstreams.forEach((api, url) -> command.add("-Dupstreams." + api + ".base-url=" + url));
        serviceConfig.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", serviceJar.toString()));
        return command;
    }

    /** Base URL of one mode of the lab's service: {@code /{endpoint}/{zip}/{country}} is appended to it. */
    public String variantUrl(String mode) {
        return serviceUrl + "/api/" + mode;
    }

    /** The base URL of a variant started by command. */
    public String commandUrl(String variant) {
        return commands.get(variant).baseUrl();
    }

    /** The process of a variant started by command. */
    public long commandPid(String variant) {
        return commands.get(variant).pid();
    }

    /** A variant started by command: its process, port, log and readiness URL. */
    public VariantProcess command(String variant) {
        return commands.get(variant);
    }

    public boolean startsService() {
        return service != null;
    }

    public String serviceUrl() {
        return serviceUrl;
    }

    /** Where the service's liveness is probed: its management port's /health, or an older build's /observe/health. */
    public String serviceHealthUrl() {
        return serviceHealthUrl;
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
        return (service == null || service.isAlive()) && stubs.isAlive()
                && commands.values().stream().allMatch(VariantProcess::alive);
    }

    public ServiceProbe probe() {
        return new ServiceProbe(serviceUrl);
    }

    @Override
    public void close() {
        commands.values().forEach(VariantProcess::close);
        if (service != null) {
            service.close();
        }
        stubs.close();
    }
}
