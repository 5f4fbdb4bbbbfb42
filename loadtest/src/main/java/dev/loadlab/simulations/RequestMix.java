package dev.loadlab.simulations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The requests a point sends and the data they are filled from: a scenario's {@code load} section. The lab writes
 * it (paths resolved) into the run folder and the simulation reads it back ({@code loadlab.requestMix}), so both
 * sides of the JVM boundary hold the same type. Values come from Gatling feeders and Gatling Expression Language
 * ({@code #{sku}}), evaluated by Gatling.
 *
 * @param feeders  name to feeder; every request is fed one record of each before it is sent
 * @param requests what is sent; each user picks one per iteration by weight
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestMix(Map<String, Feeder> feeders, List<Request> requests) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public RequestMix {
        feeders = feeders == null ? Map.of() : new LinkedHashMap<>(feeders);
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    /**
     * A feeder: a CSV file or records given inline, read in the given order.
     *
     * @param csv      a CSV file with a header row (absolute once resolved)
     * @param records  inline records, e.g. {@code [{sku: A100, qty: 2}]}
     * @param strategy circular (default), random or shuffle; never queue, which would end a point early
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feeder(String csv, List<Map<String, Object>> records, String strategy) {

        public static final List<String> STRATEGIES = List.of("circular", "random", "shuffle");

        public String strategyOrDefault() {
            return strategy == null ? "circular" : strategy;
        }

        public Feeder withCsv(String path) {
            return new Feeder(path, records, strategy);
        }

        /**
         * The CSV's first {@code count} non-blank rows, header first, split on commas as Gatling splits them (quotes
         * dropped): from the file, else from the class path (the built-in scenario's, when no project is around).
         *
         * @throws IOException when it is neither a file nor on the class path, or cannot be read
         */
        public List<List<String>> firstCsvRows(int count) throws IOException {
            Path file = Path.of(csv);
            String text;
            if (Files.isRegularFile(file)) {
                text = Files.readString(file);
            } else {
                try (InputStream in = RequestMix.class.getClassLoader().getResourceAsStream(csv)) {
                    if (in == null) {
                        throw new NoSuchFileException(csv);
                    }
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return text.lines().filter(line -> !line.isBlank()).limit(count)
                    .map(line -> Stream.of(line.split(",")).map(cell -> cell.trim().replace("\"", "")).toList())
                    .toList();
        }
    }

    /**
     * One request.
     *
     * @param name         names it in reports and in {@code --endpoint}
     * @param path         appended to the variant's base URL; Gatling EL, e.g. {@code /quote/#{sku}?qty=#{qty}}
     * @param status       the status that counts as OK (default 200)
     * @param weight       relative share of the requests sent (default 1; 0 = sent only when chosen by name)
     * @param criticalPath the upstream calls it waits for (the lab reads it; see docs/SCENARIOS.md)
     * @param floorMs      or the latency floor given outright
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String name, String method, String path, Map<String, String> headers, String body,
                          Integer status, Double weight, JsonNode criticalPath, Double floorMs) {

        public Request {
            headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        }

        public String methodOrDefault() {
            return method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        }

        public int statusOrDefault() {
            return status == null ? 200 : status;
        }

        public double weightOrDefault() {
            return weight == null ? 1.0 : weight;
        }

        Request withWeight(double newWeight) {
            return new Request(name, method, path, headers, body, status, newWeight, criticalPath, floorMs);
        }
    }

    /** The requests that are sent (weight above 0). */
    public List<Request> sent() {
        return requests.stream().filter(r -> r.weightOrDefault() > 0).toList();
    }

    /** Only the named request, with all the weight. */
    public RequestMix only(String requestName) {
        Request chosen = requests.stream().filter(r -> r.name().equals(requestName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no request named '" + requestName + "'"));
        return new RequestMix(feeders, List.of(chosen.withWeight(1.0)));
    }

    /** What the run is called after: the one request sent, or {@code mix}. */
    public String label() {
        List<Request> sent = sent();
        return sent.size() == 1 ? sent.getFirst().name() : "mix";
    }

    /** Each sent request's share of all requests, 0..1. */
    public Map<String, Double> shares() {
        double total = sent().stream().mapToDouble(Request::weightOrDefault).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        sent().forEach(r -> shares.put(r.name(), r.weightOrDefault() / total));
        return shares;
    }

    public Request request(String name) {
        return requests.stream().filter(r -> Objects.equals(r.name(), name)).findFirst().orElseThrow();
    }

    public void write(Path file) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static RequestMix read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RequestMix.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request mix " + file + ": " + e.getMessage(), e);
        }
    }
}
