package dev.loadlab.lab.run;

import dev.loadlab.lab.scenario.Scenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A variant the lab starts from a scenario's command: on a free loopback port, in its working directory, with its
 * environment, run as argv (through {@code sh -c} only with {@code shell: true}), ready when its readiness check
 * passes. Stopped by PID with everything else the lab started.
 */
public final class VariantProcess implements AutoCloseable {

    private static final Pattern UPSTREAM = Pattern.compile("\\{upstream\\.([a-z][a-z0-9-]*)\\.url}");

    private final ChildProcess process;
    private final String baseUrl;
    private final int port;
    private final String readyUrl;

    private VariantProcess(ChildProcess process, String baseUrl, int port, String readyUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.port = port;
        this.readyUrl = readyUrl;
    }

    /**
     * @param upstreamUrls each fake upstream's base URL, by the scenario's name
     * @param logDir       where {@code <variant>.log} goes
     */
    public static VariantProcess start(Scenario.Variant variant, Map<String, String> upstreamUrls, Path logDir) {
        int port = freePort();
        List<String> command = variant.command().stream().map(a -> fill(a, port, upstreamUrls)).toList();
        ProcessBuilder builder = new ProcessBuilder(variant.shell() ? List.of("sh", "-c", command.getFirst()) : command)
                .directory(variant.workingDir().toFile());
        variant.env().forEach((key, value) -> builder.environment().put(key, fill(value, port, upstreamUrls)));
        String name = "variant " + variant.name();
        ChildProcess child;
        try {
            child = ChildProcess.start(name, builder, logDir.resolve(variant.name() + ".log"));
        } catch (IOException e) {
            throw new LabException(name + ": cannot run " + command.getFirst() + " in " + variant.workingDir() + " ("
                    + e.getMessage() + "); fix variants." + variant.name() + ".command in the scenario, or build what"
                    + " it runs first");
        }
        String baseUrl = fill(variant.baseUrl(), port, upstreamUrls);
        Scenario.Ready ready = variant.ready();
        String readyUrl = null;
        try {
            if (ready.logPattern() != null) {
                child.awaitLine(Pattern.compile(ready.logPattern()), ready.timeout());
            } else {
                String check = fill(ready.httpPath(), port, upstreamUrls);
                readyUrl = check.startsWith("http") ? check : "http://127.0.0.1:" + port + check;
                awaitHttp(child, readyUrl, ready.timeout());
            }
        } catch (LabException e) {
            child.close();
            throw new LabException(e.getMessage() + "; fix variants." + variant.name()
                    + " (command or ready) in the scenario", e);
        }
        return new VariantProcess(child, baseUrl, port, readyUrl);
    }

    /** Polls until the URL answers 2xx; fails at once if the process exits, or at the timeout. */
    private static void awaitHttp(ChildProcess child, String url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new LabException(child.name() + " exited before it was ready: " + child.lastLines(3)
                        + " (log: " + child.log() + ")");
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for " + url, e);
            }
            pause();
        }
        throw new LabException(child.name() + " was not ready within " + timeout.toSeconds() + " s: GET " + url
                + " gave " + last + " (log: " + child.log() + ")");
    }

    /** Fills {@code {port}}, {@code {java}} and {@code {upstream.NAME.url}}. */
    static String fill(String template, int port, Map<String, String> upstreamUrls) {
        String filled0 = template.replace("{port}", String.valueOf(port));
        if (filled0.contains("{java}")) {
            filled0 = filled0.replace("{java}", JavaRuntime.launched().java());
        }
        Matcher upstream = UPSTREAM.matcher(filled0);
        StringBuilder filled = new StringBuilder();
        while (upstream.find()) {
            String url = upstreamUrls.get(upstream.group(1));
            if (url == null) {
                throw new LabException("no fake upstream " + upstream.group(1) + " is running for '" + template + "'");
            }
            upstream.appendReplacement(filled, Matcher.quoteReplacement(url));
        }
        return upstream.appendTail(filled).toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LabException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for a variant to be ready", e);
        }
    }

    /** What request paths are appended to. */
    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    /** The free loopback port the lab gave it as {@code {port}}. */
    public int port() {
        return port;
    }

    /** The URL its readiness was checked on, which the reliability commands probe as its health; null = by log. */
    public String readyUrl() {
        return readyUrl;
    }

    public Path log() {
        return process.log();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
