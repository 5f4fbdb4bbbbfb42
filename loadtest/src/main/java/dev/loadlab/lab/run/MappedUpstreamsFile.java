package dev.loadlab.lab.run;

import dev.loadlab.lab.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;

/** The stub process's {@code --mapped-upstreams} file, written from a scenario's mapping-folder upstreams. */
final class MappedUpstreamsFile {

    private MappedUpstreamsFile() {
    }

    static Path write(Path dir, List<Scenario.Upstream> mapped) {
        throw new LabException("mapping-folder upstreams are not wired yet");
    }
}
