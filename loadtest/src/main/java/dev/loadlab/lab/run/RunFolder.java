package dev.loadlab.lab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code <results>/runs/<timestamp>-<name>/}: created once, never overwritten; {@code <results>/latest}
 * points to the last complete one.
 */
public final class RunFolder {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {
    }

    public static Path create(Path resultsDir, String name) {
        Path runsDir = resultsDir.resolve("runs");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new LabException("run name '" + name + "' is not allowed: use 1-64 letters, digits, '.', '_' or '-'");
        }
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        try {
            Files.createDirectories(runsDir);
            for (int attempt = 0; attempt < 100; attempt++) {
                Path dir = runsDir.resolve(stamp + "-" + name + (attempt == 0 ? "" : "-" + attempt));
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    // another run started in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot create a run folder under " + runsDir + ": " + e.getMessage(), e);
        }
        throw new LabException("too many runs named " + name + " in one second under " + runsDir);
    }

    /** Points {@code <results>/latest} at the run (a relative symlink, replaced atomically). */
    public static void markLatest(Path resultsDir, Path runDir) {
        Path latest = resultsDir.resolve("latest");
        Path tmp = resultsDir.resolve("latest.tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, resultsDir.relativize(runDir));
            Files.move(tmp, latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot point " + latest + " at " + runDir, e);
        }
    }
}
