package dev.loadlab.lab.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK a JVM the lab starts runs on: its home and feature version (21, 25, ...), read from that JDK, not from
 * the JVM the lab itself runs on (the two differ when {@code LOADLAB_JAVA_HOME} points elsewhere). Options that only
 * some JDKs know are chosen here and nowhere else: a JVM refuses to start on an option it does not know
 * ("Unrecognized option"), so every launcher takes its launcher and such options from this type.
 *
 * @param home    the JDK's home directory ({@code bin/java} is under it)
 * @param feature the feature release, e.g. 21 for 21.0.5
 */
public record JavaRuntime(Path home, int feature) {

    /** The oldest JDK the lab supports (README, scripts/java-env.sh); every option below is known from it on. */
    public static final int FLOOR = 21;

    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)\"?");
    private static final Pattern SPECIFICATION_VERSION = Pattern.compile("java\\.specification\\.version = (\\S+)");
    private static final Map<Path, JavaRuntime> KNOWN = new ConcurrentHashMap<>();

    /** The JDK of every JVM the lab starts ({@link Jvm#javaHome()}), read once. */
    public static JavaRuntime launched() {
        return at(Jvm.javaHome());
    }

    /**
     * The JDK at {@code home}, read once per home: its {@code release} file, else what its launcher reports.
     * Refuses one older than {@link #FLOOR}, with the fix.
     */
    public static JavaRuntime at(Path home) {
        Path normal = home.toAbsolutePath().normalize();
        return KNOWN.computeIfAbsent(normal, h -> {
            int feature = featureFromRelease(h).orElseGet(() -> featureFromLauncher(h));
            if (feature < FLOOR) {
                throw new LabException("the JVMs the lab starts would run on JDK " + feature + " (" + h + "); loadlab"
                        + " needs JDK " + FLOOR + " or newer: point LOADLAB_JAVA_HOME (or JAVA_HOME) at one");
            }
            return new JavaRuntime(h, feature);
        });
    }

    /** The launcher: {@code <home>/bin/java}. */
    public String java() {
        return home.resolve("bin").resolve("java").toString();
    }

    /**
     * What Gatling (Scala, Netty) needs, as gatling-maven-plugin passes it: Gatling reads String internals, Netty
     * loads its native transport and uses {@code sun.misc.Unsafe} for off-heap memory. The last option exists
     * only from JDK 23 (JEP 471); from 24 on, without it, the JVM warns on Unsafe memory access (JEP 498).
     */
    public List<String> gatlingOptions() {
        List<String> options = new ArrayList<>(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED"));
        if (feature >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(options);
    }

    /** "21.0.5" -> 21, "25" -> 25, "26-ea" -> 26, "1.8.0_392" -> 8. */
    static int feature(String version) {
        Matcher legacy = Pattern.compile("^1\\.(\\d+)").matcher(version);
        if (legacy.find()) {
            return Integer.parseInt(legacy.group(1));
        }
        Matcher modern = Pattern.compile("^(\\d+)").matcher(version);
        if (!modern.find()) {
            throw new LabException("cannot read a Java version from '" + version + "'");
        }
        return Integer.parseInt(modern.group(1));
    }

    private static Optional<Integer> featureFromRelease(Path home) {
        try {
            Matcher matcher = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Optional.of(feature(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // some JDK builds ship no release file: ask the launcher
        }
    }

    private static int featureFromLauncher(Path home) {
        String java = home.resolve("bin").resolve("java").toString();
        try {
            Process process = new ProcessBuilder(java, "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Matcher matcher = SPECIFICATION_VERSION.matcher(out);
            if (!matcher.find()) {
                throw new LabException(java + " did not report its version: is " + home + " a JDK? Point"
                        + " LOADLAB_JAVA_HOME (or JAVA_HOME) at a JDK " + FLOOR + " or newer");
            }
            return feature(matcher.group(1));
        } catch (IOException e) {
            throw new LabException("cannot run " + java + " (" + e.getMessage() + "): point LOADLAB_JAVA_HOME (or"
                    + " JAVA_HOME) at a JDK " + FLOOR + " or newer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while reading the version of " + java, e);
        }
    }
}
