package dev.loadlab.lab.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a CPU sample's time goes: the one place the layer rules live. A sample's stack is walked from its top
 * frame (the method running) down to the first frame whose class falls in a layer; that layer gets the sample. A
 * sample in {@code HashMap.get} called from Helidon's server is the server's; Jackson called from the service's
 * handler is JSON's; a socket read the HTTP client makes is the kernel's (the JDK code around the system call).
 * A stack with no such frame (the virtual-thread scheduler idling, JIT-compiled lambdas of the JDK) is
 * {@link Layer#OTHER}. GC has no stack: {@link Layer#GC} comes from the GC's own CPU time, not from samples.
 */
public final class Layers {

    /** The layers, in the order the report stacks them. */
    public enum Layer {
        KERNEL("kernel", "kernel/syscalls"),
        HTTP_SERVER("httpServer", "HTTP server"),
        HTTP_CLIENT("httpClient", "HTTP client"),
        JSON("json", "JSON"),
        GC("gc", "GC"),
        APP("app", "lab/app code"),
        OTHER("other", "other");

        /** The key in jfr-summary.json and summary.json. */
        public final String key;
        /** How a report names it. */
        public final String title;

        Layer(String key, String title) {
            this.key = key;
            this.title = title;
        }

        public static Layer ofKey(String key) {
            for (Layer layer : values()) {
                if (layer.key.equals(key)) {
                    return layer;
                }
            }
            throw new IllegalArgumentException("unknown layer " + key);
        }
    }

    /**
     * Class-name prefixes per layer, checked in this order for each frame. Shared plumbing that both sides of
     * HTTP use ({@code io.helidon.http.}, {@code io.helidon.common.}, {@code io.netty.}) is on purpose in no
     * layer: the walk goes on to the frame that called it, which says whether it served or called.
     */
    private static final Map<Layer, List<String>> PREFIXES = orderedPrefixes();

    private static Map<Layer, List<String>> orderedPrefixes() {
        Map<Layer, List<String>> prefixes = new java.util.LinkedHashMap<>();
        // The JDK's socket and epoll code, down to the native system calls (JFR samples a thread while it runs
        // Java code; the time inside the kernel itself is in the process's CPU, not in the samples).
        prefixes.put(Layer.KERNEL, List.of("sun.nio.ch.", "java.net.Socket", "java.net.ServerSocket",
                "sun.net.NetHooks", "jdk.internal.net.NetHooks"));
        prefixes.put(Layer.JSON, List.of("com.fasterxml.jackson.", "jakarta.json.", "javax.json.",
                "org.glassfish.json.", "org.eclipse.parsson.", "io.helidon.json.", "io.helidon.http.media.jackson.",
                "io.helidon.http.media.jsonp.", "io.helidon.http.media.jsonb.", "com.google.gson."));
        prefixes.put(Layer.HTTP_CLIENT, List.of("io.helidon.webclient.", "java.net.http.", "jdk.internal.net.http.",
                "sun.net.www.", "org.apache.hc.", "okhttp3.", "io.vertx.ext.web.client.", "io.vertx.core.http.impl.HttpClient",
                "io.vertx.core.http.impl.Http1xClient", "io.vertx.core.http.impl.http1x.Http1xClient",
                "io.vertx.core.http.impl.SharedHttpClient", "io.netty.handler.codec.http.HttpClientCodec",
                "reactor.netty.http.client.", "org.springframework.web.client.", "org.springframework.web.reactive.function.client."));
        prefixes.put(Layer.HTTP_SERVER, List.of("io.helidon.webserver.", "com.sun.net.httpserver.", "sun.net.httpserver.",
                "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
                "io.undertow.", "reactor.netty.http.server.", "io.vertx.core.http.impl.Http1xServer",
                "io.netty.handler.codec.http.HttpServerCodec",
                "org.springframework.web.servlet.", "org.springframework.web.reactive."));
        prefixes.put(Layer.APP, List.of("dev.loadlab."));
        return java.util.Collections.unmodifiableMap(prefixes);
    }

    private final List<Map.Entry<String, Layer>> rules;

    /** The lab's own code ({@code dev.loadlab.}) is {@link Layer#APP}. */
    public Layers() {
        this(List.of());
    }

    /**
     * @param appPackages further package prefixes of the application's own code (a scenario variant's, e.g.
     *                    {@code com.example.quote.}), counted as {@link Layer#APP}
     */
    public Layers(List<String> appPackages) {
        List<Map.Entry<String, Layer>> list = new ArrayList<>();
        PREFIXES.forEach((layer, prefixes) -> prefixes.forEach(p -> list.add(Map.entry(p, layer))));
        appPackages.forEach(p -> list.add(Map.entry(p.endsWith(".") ? p : p + ".", Layer.APP)));
        this.rules = List.copyOf(list);
    }

    /**
     * @param classNamesTopFirst the declaring class of each frame, the running method's first
     */
    public Layer classify(List<String> classNamesTopFirst) {
        for (String className : classNamesTopFirst) {
            Layer layer = layerOf(className);
            if (layer != null) {
                return layer;
            }
        }
        return Layer.OTHER;
    }

    /** The layer one class belongs to, or null when it belongs to none (the walk goes on). */
    Layer layerOf(String className) {
        for (Map.Entry<String, Layer> rule : rules) {
            if (className.startsWith(rule.getKey())) {
                return rule.getValue();
            }
        }
        return null;
    }
}
