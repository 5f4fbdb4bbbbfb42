package dev.loadlab.stubs;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapped upstreams contract: its JSON file, its checks and each profile's mean. */
class MappedUpstreamTest {
    @TempDir
    Path dir;

    @Test
    void the_json_file_round_trips() throws IOException {
        Path pricing = folder("pricing");
        Path inventory = folder("inventory");
        List<MappedUpstream> upstreams = List.of(
                new MappedUpstream("pricing", pricing.toString(), MappedUpstream.Latency.empirical(List.of(21.5, 30.0, 44.25)),
                                   Map.of("http503", 0.05, "reset", 0.01)),
                new MappedUpstream("inventory", inventory.toString(), MappedUpstream.Latency.lognormal(80, 0.3), Map.of()),
                new MappedUpstream("catalog", folder("catalog").toString(), null, null));
        Path file = dir.resolve("mapped-upstreams.json");

        MappedUpstream.write(file, upstreams);

        assertThat(MappedUpstream.read(file)).isEqualTo(upstreams);
        assertThat(Files.readString(file)).contains("\"name\" : \"pricing\"", "\"profile\" : \"empirical\"",
                                                    "\"samplesMs\" : [ 21.5, 30.0, 44.25 ]", "\"http503\" : 0.05");
    }

    @Test
    void reads_a_hand_written_file_with_defaults() throws IOException {
        Path pricing = folder("pricing");
        Path file = dir.resolve("m.json");
        Files.writeString(file, """
                [ {"name": "pricing", "mappingsDir": "%s", "latency": {"profile": "uniform", "ms": 40},
                   "faults": {"HTTP500": 0.5}} ]
                """.formatted(pricing.toString().replace("\\", "\\\\")));

        MappedUpstream read = MappedUpstream.read(file).getFirst();

        assertThat(read.latency().spreadMs()).as("uniform spread defaults to the stub's").isEqualTo(20.0);
        assertThat(read.faults()).containsExactly(Map.entry("http500", 0.5));
        assertThat(read.faultShares().share(FaultKind.HTTP500)).isEqualTo(0.5);
    }

    @Test
    void mean_follows_each_profile() {
        assertThat(MappedUpstream.Latency.fixed(50).meanMs()).isEqualTo(50.0);
        assertThat(MappedUpstream.Latency.lognormal(100, 0.5).meanMs()).isCloseTo(100 * Math.exp(0.125), Offset.offset(1e-9));
        assertThat(MappedUpstream.Latency.uniform(100, 30).meanMs()).isEqualTo(100.0);
        assertThat(MappedUpstream.Latency.uniform(20, 30).meanMs()).as("clamped at 0: uniform over 0..50").isEqualTo(25.0);
        assertThat(MappedUpstream.Latency.empirical(List.of(10.0, 20.0, 60.0)).meanMs()).isEqualTo(30.0);
    }

    @Test
    void the_built_in_profiles_and_the_mapped_ones_share_their_means() {
        StubConfig lognormal = StubConfig.builder().profile(LatencyProfile.LOGNORMAL).latencyMs(100).sigma(0.5).build();
        StubConfig uniform = StubConfig.builder().profile(LatencyProfile.UNIFORM).latencyMs(40).spreadMs(60).build();

        assertThat(MappedUpstream.Latency.lognormal(100, 0.5).meanMs()).isEqualTo(lognormal.meanLatencyMs(Api.SUN));
        assertThat(MappedUpstream.Latency.uniform(40, 60).meanMs()).isEqualTo(uniform.meanLatencyMs(Api.SUN));
        assertThat(MappedUpstream.Latency.empirical(Api.SUN.seedMs()).meanMs())
                .isEqualTo(StubConfig.builder().profile(LatencyProfile.SEED).build().meanLatencyMs(Api.SUN));
    }

    @Test
    void rejects_bad_upstreams_naming_the_upstream_and_the_fix() throws IOException {
        String ok = folder("ok").toString();
        String noMappings = Files.createDirectories(dir.resolve("empty")).toString();

        assertThatThrownBy(() -> new MappedUpstream("Pricing", ok, null, null)).hasMessageContaining("upstream name 'Pricing' is not allowed");
        assertThatThrownBy(() -> new MappedUpstream("sun", ok, null, null)).hasMessageContaining("taken by the stub's built-in API");
        assertThatThrownBy(() -> new MappedUpstream("admin", ok, null, null)).hasMessageContaining("admin URL");
        assertThatThrownBy(() -> new MappedUpstream("pricing", "relative/dir", null, null))
                .hasMessage("upstream pricing: mappings folder 'relative/dir' is not an absolute path: resolve it first");
        assertThatThrownBy(() -> new MappedUpstream("pricing", dir.resolve("missing").toString(), null, null))
                .hasMessageStartingWith("upstream pricing: mappings folder").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new MappedUpstream("pricing", noMappings, null, null))
                .hasMessageStartingWith("upstream pricing: folder " + noMappings + " has no mappings/ folder");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, null, Map.of("reset", 1.5)))
                .hasMessage("upstream pricing: fault share reset=1.5 is out of range: use a number from 0 to 1");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, null, Map.of("reset", 0.6, "http500", 0.6)))
                .hasMessageStartingWith("upstream pricing: fault shares add up to");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, null, Map.of("teapot", 0.1)))
                .hasMessage("upstream pricing: unknown fault kind 'teapot': use http500, http503, reset, malformed or slow");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, MappedUpstream.Latency.fixed(-5), null))
                .hasMessage("upstream pricing: fixed latency ms -5.0 is out of range: use 0 to 600000 ms");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, new MappedUpstream.Latency("lognormal", null, 0.2, null, null), null))
                .hasMessage("upstream pricing: lognormal latency ms is missing: give a number of ms from 0 to 600000");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, MappedUpstream.Latency.empirical(List.of()), null))
                .hasMessageStartingWith("upstream pricing: empirical latency has no samples");
        assertThatThrownBy(() -> new MappedUpstream("pricing", ok, new MappedUpstream.Latency("normal", 5.0, null, null, null), null))
                .hasMessage("upstream pricing: latency profile 'normal' is unknown: use fixed, lognormal, uniform or empirical");
    }

    @Test
    void rejects_a_file_naming_it() throws IOException {
        String ok = folder("ok").toString().replace("\\", "\\\\");
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, "[{\"name\":\"a\",\"mappingsDir\":\"" + ok + "\"},{\"name\":\"a\",\"mappingsDir\":\"" + ok + "\"}]");
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "[{\"name\":\"a\",\"mappingDir\":\"" + ok + "\"}]");
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, "[{\"name\":\"a\",\"mappingsDir\":\"" + ok + "\",\"bogus\":1}]");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"name\":\"a\",\"mappingsDir\":\"" + ok + "\",\"faults\":{\"slow\":2}}]");

        assertThatThrownBy(() -> MappedUpstream.read(twice)).hasMessage(twice + ": upstream a is named twice: give each upstream its own name");
        assertThatThrownBy(() -> MappedUpstream.read(typo)).hasMessage(typo + ": upstream a: no mappingsDir: give the folder"
                                                                        + " that holds mappings/*.json");
        assertThatThrownBy(() -> MappedUpstream.read(unknown)).hasMessageStartingWith(unknown + " is not a mapped upstreams"
                                                                                       + " list (line 1: unknown key 'bogus' at [0].bogus, known: [");
        assertThatThrownBy(() -> MappedUpstream.read(bad)).hasMessage(bad + ": upstream a: fault share slow=2.0 is out of range: use a number from 0 to 1");
        assertThatThrownBy(() -> MappedUpstream.read(dir.resolve("none.json"))).hasMessageContaining("does not exist");
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name).resolve("mappings")).getParent();
    }
}
