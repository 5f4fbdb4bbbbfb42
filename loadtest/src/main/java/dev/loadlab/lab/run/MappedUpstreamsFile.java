package dev.loadlab.lab.run;

import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.stubs.MappedUpstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The stub process's {@code --mapped-upstreams} file, written from a scenario's mapping-folder upstreams. */
public final class MappedUpstreamsFile {

    static final String NAME = "mapped-upstreams.json";

    private MappedUpstreamsFile() {
    }

    /** Writes {@code dir/mapped-upstreams.json} and returns it. */
    static Path write(Path dir, List<Scenario.Upstream> mapped) {
        Path file = dir.resolve(NAME);
        try {
            Files.createDirectories(dir);
            MappedUpstream.write(file, mapped.stream().map(MappedUpstreamsFile::contract).toList());
            return file;
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    /** The stub's form of one upstream: the same profile, mean and faults as the lab computes its bound from. */
    public static MappedUpstream contract(Scenario.Upstream upstream) {
        return new MappedUpstream(upstream.name(), upstream.mappingsDir().toString(), latency(upstream.latency()),
                upstream.faults());
    }

    static MappedUpstream.Latency latency(Scenario.Latency l) {
        return new MappedUpstream.Latency(l.profile(), l.ms(), l.sigma(), l.spreadMs(),
                "empirical".equals(l.profile()) ? l.samplesMs() : null);
    }
}
