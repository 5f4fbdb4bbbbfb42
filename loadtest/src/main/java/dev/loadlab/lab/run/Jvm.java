package dev.loadlab.lab.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the JDK of the JVMs the lab starts and the project's built jars are. */
public final class Jvm {

    private Jvm() {
    }

    /**
     * The JDK every JVM the lab starts runs on: {@code -Dloadlab.java} (./lab sets it from {@code LOADLAB_JAVA_HOME})
     * when given, else the JDK the lab runs on. {@link JavaRuntime} reads its version and picks its options.
     */
    public static Path javaHome() {
        String chosen = System.getProperty("loadlab.java");
        return Path.of(chosen != null && !chosen.isBlank() ? chosen : System.getProperty("java.home"));
    }

    /** The java launcher of {@link #javaHome()}. */
    public static String java() {
        return JavaRuntime.launched().java();
    }

    /** The project root: {@code -Dloadlab.home} as set by ./lab, else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("loadlab.home", ".")).toAbsolutePath().normalize();
    }

    /**
     * A path a user gave on the command line: found from where ./lab was run ({@code -Dloadlab.cwd}: a file in your
     * own repository), else in the project.
     */
    public static Path userPath(Path given) {
        Path fromCaller = Path.of(System.getProperty("loadlab.cwd", ".")).toAbsolutePath().resolve(given).normalize();
        return Files.exists(fromCaller) ? fromCaller : home().resolve(given);
    }

    public static Path requireJar(String relative) {
        Path jar = home().resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new LabException(relative + " is missing: build it with ./mvnw -DskipTests package"
                    + " (./lab builds it for you when run from the project root)");
        }
        return jar;
    }

    /** The class path the Gatling JVMs run with: the loadtest jar and its libraries. */
    public static String loadtestClassPath() {
        Path jar = requireJar("loadtest/target/loadtest.jar");
        return jar + java.io.File.pathSeparator + jar.resolveSibling("libs") + java.io.File.separator + "*";
    }
}
