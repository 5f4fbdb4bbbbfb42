package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.common.JsonException;
import com.github.tomakehurst.wiremock.stubbing.StubMappingCollection;
import wiremock.com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One mapped upstream's WireMock server: its folder as WireMock's file root ({@code mappings/}, {@code __files/}),
 * loaded as WireMock loads it, on a free port of the stub's host, tuned as the built-in server is, with
 * {@link MappedResponder} adding latency and faults.
 */
final class MappedUpstreamServer {
    private final MappedUpstream upstream;
    private final WireMockServer server;
    private final String url;

    private MappedUpstreamServer(MappedUpstream upstream, WireMockServer server, String url) {
        this.upstream = upstream;
        this.server = server;
        this.url = url;
    }

    /**
     * Checks every mapping file the way WireMock reads it, so that a bad one is reported in one line naming the file
     * (WireMock itself would fail the server's construction with the whole JSON source in a multi-line message).
     *
     * @throws MappingsException if there are no mappings, or a file cannot be read or is not valid WireMock JSON
     */
    static void checkMappings(MappedUpstream upstream) {
        Path folder = upstream.folder();
        Path mappings = folder.resolve("mappings");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(mappings)) {
            // WireMock loads every *.json under mappings/, sub-folders included
            files = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json")).sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MappingsException("upstream " + upstream.name() + ": cannot list " + mappings + " (" + e.getMessage()
                                                + "): check the folder's permissions");
        }
        int count = 0;
        for (Path file : files) {
            count += mappingsIn(upstream.name(), folder.relativize(file), file);
        }
        if (count == 0) {
            throw new MappingsException("upstream " + upstream.name() + ": " + mappings + " has no stub mappings (no *.json"
                                                + " file with a mapping): record some with ./lab record, or add WireMock"
                                                + " stub mappings there");
        }
    }

    private static int mappingsIn(String name, Path shown, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MappingsException("upstream " + name + ": cannot read " + shown + " (" + e + "): fix its permissions"
                                                + " or encoding (UTF-8)");
        }
        if (text.isBlank()) {
            throw invalid(name, shown, "the file is empty");
        }
        try {
            Json.getObjectMapper().readTree(text); // the parser WireMock uses, for the line and column of a syntax error
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw invalid(name, shown, where + e.getOriginalMessage());
        }
        try {
            return Json.read(text, StubMappingCollection.class).getMappingOrMappings().size();
        } catch (JsonException e) {
            var error = e.getErrors().first();
            String pointer = error.getSource() == null ? null : error.getSource().getPointer();
            throw invalid(name, shown, (pointer == null ? "" : "at " + pointer + ": ") + error.getDetail());
        }
    }

    private static MappingsException invalid(String name, Path shown, String problem) {
        return new MappingsException("upstream " + name + ": " + shown + " is not valid WireMock JSON ("
                                             + problem.replaceAll("\\s*\\R\\s*", " ") + "): fix the file or re-record it");
    }

    /** Starts the server; {@link #checkMappings} first. */
    static MappedUpstreamServer start(MappedUpstream upstream, StubConfig config, Supplier<StubConfig> current,
                                      FaultCounts injected) {
        WireMockServer server = new WireMockServer(StubUpstreams.tunedOptions(config, "upstream " + upstream.name())
                                                           .dynamicPort()
                                                           .usingFilesUnderDirectory(upstream.mappingsDir())
                                                           .extensions(new MappedResponder(upstream, current, injected)));
        server.start();
        return new MappedUpstreamServer(upstream, server, StubUpstreams.baseUrl(config.host(), server.port()));
    }

    String name() {
        return upstream.name();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:P}: the mappings' URLs are relative to it. */
    String url() {
        return url;
    }

    void stop() {
        server.stop();
    }
}
