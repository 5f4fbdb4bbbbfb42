package dev.loadlab.lab.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Whether a process is a HotSpot JVM jcmd can attach to, asked before attaching: jcmd's attach sends SIGQUIT, which
 * would end a process that is not a JVM. And what a scenario variant's own code is (its main class's package).
 */
public final class JvmCheck {

    private JvmCheck() {
    }

    /** Empty when {@code pid} is a live JVM that publishes its performance data (what jcmd lists); else why not. */
    public static Optional<String> whyNotAttachable(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.of("is not running");
        }
        Path perfData = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                String.valueOf(pid));
        if (Files.isRegularFile(perfData)) {
            return Optional.empty();
        }
        String command = process.get().info().command().orElse("?");
        return Optional.of(command.endsWith("/java") || command.endsWith("\\java.exe")
                ? "is a JVM that jcmd cannot list (started with -XX:-UsePerfData, or in another temp folder)"
                : "is not a JVM (" + command + ")");
    }

    /** The command runs the {@code java} launcher ({@code {java}} filled in, or a path ending in /java). */
    public static boolean runsJava(List<String> command) {
        if (command == null || command.isEmpty()) {
            return false;
        }
        String first = command.getFirst();
        return first.equals("{java}") || first.equals("java") || first.endsWith("/java") || first.endsWith("/java.exe");
    }

    /**
     * The package of the application's main class, from {@code -jar FILE} (its manifest's Main-Class, the jar read
     * from {@code workingDir}) or from the first argument after the JVM options that looks like a class name; empty
     * when neither says.
     */
    public static Optional<String> mainPackage(List<String> command, Path workingDir) {
        for (int i = 1; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg.equals("-jar") && i + 1 < command.size()) {
                return manifestMainClass(workingDir == null ? Path.of(command.get(i + 1))
                        : workingDir.resolve(command.get(i + 1))).flatMap(JvmCheck::packageOf);
            }
            if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return packageOf(arg);
            }
        }
        return Optional.empty();
    }

    /** {@code com.example.quote.Main} -> {@code com.example.quote}; a class in no package says nothing. */
    static Optional<String> packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 && className.matches("[\\w$.]+") ? Optional.of(className.substring(0, dot)) : Optional.empty();
    }

    private static Optional<String> manifestMainClass(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() == null ? Optional.empty()
                    : Optional.ofNullable(file.getManifest().getMainAttributes().getValue("Main-Class"));
        } catch (IOException e) {
            return Optional.empty(); // not a jar the lab can read: the variant's code is counted as other
        }
    }
}
