package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A scenario with a mistake stops every command that takes one at once: one line, exit 2, no run folder. */
class BadScenarioTest {

    @TempDir
    Path dir;

    @Test
    void compare_gate_and_stubs_refuse_it_before_anything_starts() throws IOException {
        Path example = Path.of(System.getProperty("loadlab.home", "..")).toAbsolutePath().normalize()
                .resolve("examples/quote");
        Path bad = dir.resolve("bad.yaml");
        // the same scenario, its paths kept pointing at the example's folders
        Files.writeString(bad, Files.readString(example.resolve("scenario.yaml"))
                .replace("mappings: upstreams/", "mappings: " + example.resolve("upstreams") + "/")
                .replace("csv: orders.csv", "csv: " + example.resolve("orders.csv"))
                .replace("rules: gate.yaml", "rules: " + example.resolve("gate.yaml"))
                .replace("criticalPath: [{parallel: [pricing, inventory]}, shipping]",
                        "criticalPath: [{parallel: [pricing, stock]}, shipping]"));

        int line = Files.readAllLines(bad).indexOf("criticalPath: [{parallel: [pricing, stock]}, shipping]") + 1;

        for (String command : List.of("compare", "gate", "stubs")) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = new CommandLine(new Lab());
            commandLine.setErr(new PrintWriter(err, true));
            long start = System.nanoTime();

            int exit = "stubs".equals(command) ? Lab.run(commandLine, command, "--scenario", bad.toString())
                    : Lab.run(commandLine, command, "--scenario", bad.toString(), "--results",
                    dir.resolve("results").toString());

            assertThat(exit).as(command).isEqualTo(2);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(command).isLessThan(Duration.ofSeconds(10));
            assertThat(err.toString().lines().toList()).as(command).singleElement().asString()
                    .startsWith("lab: " + bad + ", line " + line + ", criticalPath: upstream 'stock' is not declared;"
                            + " declare it under upstreams or fix the name (declared: [pricing, inventory, shipping])");
            assertThat(dir.resolve("results")).as(command).doesNotExist();
        }
    }
}
