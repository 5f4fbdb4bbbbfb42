package dev.loadlab.lab.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes JSON result files; every write goes to a temp file first, then an atomic rename. */
public final class SummaryFiles {

    public static final String SUMMARY = "summary.json";

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SummaryFiles() {
    }

    public static Summary read(Path runDir) {
        Path file = Files.isDirectory(runDir) ? runDir.resolve(SUMMARY) : runDir;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist: pass a run folder that holds summary.json"
                    + " (e.g. results/latest)");
        }
        try {
            return JSON.readValue(file.toFile(), Summary.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a loadlab summary (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    public static void write(Path runDir, Summary summary) {
        writeJson(runDir.resolve(SUMMARY), summary);
    }

    public static void writeJson(Path file, Object value) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes text atomically (reports, markdown, XML). */
    public static void writeText(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
