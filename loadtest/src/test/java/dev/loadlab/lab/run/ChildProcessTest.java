package dev.loadlab.lab.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {

    /** A ready line read while it was being written once lost the service's health URL that ends it. */
    @Test
    void a_ready_line_matches_only_once_it_is_complete(@TempDir Path dir) {
        ChildProcess child = ChildProcess.start("half-line", List.of("sh", "-c",
                "printf 'ready at http://one'; sleep 1; printf ', health at http://two\\n'; sleep 30"),
                dir.resolve("child.log"));
        try {
            Matcher ready = child.awaitLine(Pattern.compile("ready at (\\S+?)(?:, health at (\\S+))?$"),
                    Duration.ofSeconds(20));

            assertThat(ready.group(1)).isEqualTo("http://one");
            assertThat(ready.group(2)).isEqualTo("http://two");
        } finally {
            child.close();
        }
    }
}
