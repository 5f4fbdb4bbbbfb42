package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The run folder a test's one command wrote under its results root. */
public final class RunFolders {

    private RunFolders() {
    }

    /** {@code results/runs/<the only run>/}; fails when there is none or more than one. */
    public static Path onlyRun(Path results) {
        try (Stream<Path> runs = Files.list(results.resolve("runs"))) {
            List<Path> folders = runs.filter(Files::isDirectory).toList();
            assertThat(folders).as("run folders under " + results).hasSize(1);
            return folders.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
