package dev.loadlab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The upstream calls a request waits for: calls in sequence add up, calls in parallel overlap. Written in a scenario
 * as an upstream's name, a list (in sequence) or {@code {parallel: [...]}} / {@code {sequence: [...]}}, nested,
 * e.g. {@code [{parallel: [pricing, inventory]}, shipping]}.
 */
public sealed interface CriticalPath {

    /** Mean latency of the path, from each upstream's mean. */
    double ms(Map<String, Double> meanLatencyMs);

    /** e.g. {@code max(pricing, inventory) + shipping}. */
    String describe();

    /** Every upstream the path names. */
    void forEachCall(Consumer<String> call);

    /**
     * The calls made one at a time, whose failure ends the request: every call in sequence, and of a parallel
     * group only its first branch's (a failure there cannot meet one in the same branch; the other branches may
     * still fail alongside, so they are left out).
     */
    List<String> spine();

    record Call(String upstream) implements CriticalPath {
        public double ms(Map<String, Double> meanLatencyMs) {
            return meanLatencyMs.getOrDefault(upstream, 0.0);
        }

        public String describe() {
            return upstream;
        }

        public void forEachCall(Consumer<String> call) {
            call.accept(upstream);
        }

        public List<String> spine() {
            return List.of(upstream);
        }
    }

    record Sequence(List<CriticalPath> steps) implements CriticalPath {
        public double ms(Map<String, Double> meanLatencyMs) {
            return steps.stream().mapToDouble(s -> s.ms(meanLatencyMs)).sum();
        }

        public String describe() {
            return steps.stream().map(CriticalPath::describe).collect(Collectors.joining(" + "));
        }

        public void forEachCall(Consumer<String> call) {
            steps.forEach(s -> s.forEachCall(call));
        }

        public List<String> spine() {
            return steps.stream().flatMap(s -> s.spine().stream()).toList();
        }
    }

    record Parallel(List<CriticalPath> branches) implements CriticalPath {
        public double ms(Map<String, Double> meanLatencyMs) {
            return branches.stream().mapToDouble(b -> b.ms(meanLatencyMs)).max().orElse(0);
        }

        public String describe() {
            return branches.stream().map(CriticalPath::describe).collect(Collectors.joining(", ", "max(", ")"));
        }

        public void forEachCall(Consumer<String> call) {
            branches.forEach(b -> b.forEachCall(call));
        }

        public List<String> spine() {
            return branches.getFirst().spine();
        }
    }

    /** A floor given outright, in ms. */
    record Floor(double floorMs) implements CriticalPath {
        public double ms(Map<String, Double> meanLatencyMs) {
            return floorMs;
        }

        public String describe() {
            return floorMs + " ms (given)";
        }

        public void forEachCall(Consumer<String> call) {
        }

        public List<String> spine() {
            return List.of();
        }
    }

    /** Reads the written form; throws IllegalArgumentException saying what is wrong with it. */
    static CriticalPath parse(JsonNode node) {
        if (node.isTextual()) {
            return new Call(node.asText());
        }
        if (node.isArray()) {
            return new Sequence(children(node));
        }
        if (node.isObject() && node.size() == 1 && node.has("parallel") && node.get("parallel").isArray()) {
            return new Parallel(children(node.get("parallel")));
        }
        if (node.isObject() && node.size() == 1 && node.has("sequence") && node.get("sequence").isArray()) {
            return new Sequence(children(node.get("sequence")));
        }
        throw new IllegalArgumentException("a critical path is an upstream name, a list of steps in sequence, or"
                + " {parallel: [...]}; got " + node);
    }

    private static List<CriticalPath> children(JsonNode array) {
        if (array.isEmpty()) {
            throw new IllegalArgumentException("a critical path's list is empty: name at least one upstream");
        }
        List<CriticalPath> children = new ArrayList<>();
        array.forEach(child -> children.add(parse(child)));
        return children;
    }
}
