package dev.loadlab.lab.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the lab's own JDK and the project's built jars are. */
public final class Jvm {

    private Jvm() {
    }

    /** The java launcher of the JDK the lab runs on (./lab already chose one >= 21). */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The project root: {@code -Dloadlab.home} as set by ./lab, else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("loadlab.home", ".")).toAbsolutePath().normalize();
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
