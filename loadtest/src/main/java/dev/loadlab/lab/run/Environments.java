package dev.loadlab.lab.run;

import dev.loadlab.lab.results.Summary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The machine and the versions a run ran on, recorded in every summary. */
public final class Environments {

    private Environments() {
    }

    public static Summary.Environment current() {
        long memoryBytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("loadlab", versionOf("dev.loadlab.lab.Lab", "0.1.0-SNAPSHOT"));
        versions.put("gatling", versionOf("io.gatling.app.Gatling", "3.15.1"));
        versions.put("helidon", "4.5.0");
        versions.put("wiremock", "3.13.2");
        versions.put("hdrhistogram", versionOf("org.HdrHistogram.Histogram", "2.2.2"));
        return new Summary.Environment(
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                memoryBytes / (1024 * 1024),
                versions);
    }

    /** The commit of the project checkout, with {@code -dirty} when it has uncommitted changes; null without git. */
    public static String gitCommit() {
        return gitCommit(Jvm.home());
    }

    /** The same for another checkout (the gate's --base-build). */
    public static String gitCommit(java.nio.file.Path checkout) {
        String commit = git(checkout, "rev-parse", "--short=12", "HEAD");
        if (commit == null) {
            return null;
        }
        String status = git(checkout, "status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isBlank() ? commit + "-dirty" : commit;
    }

    private static String git(java.nio.file.Path checkout, String... args) {
        try {
            String[] command = new String[args.length + 3];
            command[0] = "git";
            command[1] = "-C";
            command[2] = checkout.toString();
            System.arraycopy(args, 0, command, 3, args.length);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String versionOf(String className, String fallback) {
        try {
            String version = Class.forName(className).getPackage().getImplementationVersion();
            return version != null ? version : fallback;
        } catch (ClassNotFoundException e) {
            return fallback;
        }
    }
}
