package dev.loadlab.lab.report;

import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds a run folder from what a user types: a path, {@code latest}, or a run id under results/runs. */
public final class RunLocator {

    private RunLocator() {
    }

    public static Path resolve(String given) {
        Path home = Jvm.home();
        List<Path> candidates = List.of(Path.of(given), home.resolve(given), home.resolve("results").resolve(given),
                home.resolve("results").resolve("runs").resolve(given));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        if (given.equals("latest") || given.equals("results/latest")) {
            throw new LabException("there is no run yet (results/latest is missing): run ./lab compare first,"
                    + " or pass a run folder");
        }
        throw new LabException("no run folder '" + given + "': pass a path, 'latest', or a run id from "
                + home.resolve("results").resolve("runs") + " (ls -t results/runs)");
    }
}
