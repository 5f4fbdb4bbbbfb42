package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report and the comparison in headless Chromium, as a person would, and checks that every chart
 * image decoded and no script error occurred (the page's own check script leaves its findings on
 * {@code <body>}). Skipped when Chromium is not installed; .ci/run installs it.
 */
class ChromiumRenderTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
    }

    @Test
    void report_images_all_load_without_script_errors() throws Exception {
        Path run = RunFixture.run("browser").writeTo(dir);
        RunReport.Rendered rendered = RunReport.render(run);
        Body body = open(rendered.html());
        assertThat(body.attribute("data-checked")).isEqualTo("true");
        assertThat(Integer.parseInt(body.attribute("data-images"))).isEqualTo(7);
        assertThat(body.attribute("data-broken-images")).isEmpty();
        assertThat(body.attribute("data-script-errors")).isEmpty();
        assertThat(body.dom()).contains("At 512 concurrent users async served");
    }

    @Test
    void comparison_images_all_load_without_script_errors() throws Exception {
        Path a = RunFixture.run("browser-a").variants("blocking", "async").levels(16, 256).rates().writeTo(dir);
        Path b = RunFixture.run("browser-b").variants("blocking", "async").levels(16, 256).rates().asyncSpeed(1.2)
                .seed(3).writeTo(dir);
        RunDiff.Rendered rendered = RunDiff.render(List.of(a, b), dir.resolve("diff"), false);
        Body body = open(rendered.html());
        assertThat(body.attribute("data-checked")).isEqualTo("true");
        assertThat(Integer.parseInt(body.attribute("data-images"))).isGreaterThanOrEqualTo(5);
        assertThat(body.attribute("data-broken-images")).isEmpty();
        assertThat(body.attribute("data-script-errors")).isEmpty();
    }

    record Body(String dom, String tag) {
        String attribute(String name) {
            Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
            assertThat(m.find()).as("attribute %s on %s", name, tag).isTrue();
            return m.group(1);
        }
    }

    private static Body open(Path html) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
                html.toUri().toString()));
        Path out = dir.resolve("dom-" + System.nanoTime() + ".html");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish rendering " + html + " within 120 s");
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertThat(body.find()).as("chromium printed a DOM with a body (exit %d)", process.exitValue()).isTrue();
        return new Body(dom, body.group());
    }
}
