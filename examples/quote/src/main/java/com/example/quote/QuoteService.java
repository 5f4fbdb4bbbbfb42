package com.example.quote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.example.quote.Options.Mode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The quote service: the JDK's HttpServer on a fixed pool of --threads platform threads, serving
 * GET /quote/{sku}?qty=N and GET /health. {@code java -jar quote-service.jar --help} lists the options.
 */
public final class QuoteService implements AutoCloseable {
    // a burst of new connections from a load generator should wait in the accept queue, not be refused
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final Upstreams upstreams;
    private final String url;

    private QuoteService(HttpServer server, ExecutorService serverThreads, Upstreams upstreams, String host) {
        this.server = server;
        this.serverThreads = serverThreads;
        this.upstreams = upstreams;
        this.url = "http://" + host + ":" + server.getAddress().getPort();
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("quote-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        QuoteService service;
        try {
            service = start(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("quote-service: cannot listen on " + options.host() + ":" + options.port() + ": " + e);
            System.exit(1);
            return;
        }
        if (options.mode() == Mode.ASYNC && options.slipBlockingCall()) {
            System.err.println("quote-service: --slip-blocking-call is on: shipping is called blocking on the server"
                               + " thread (a regression on purpose, for proofs only)");
        }
        System.out.println("quote-service listening on " + service.url() + " mode=" + options.mode());
        System.out.flush();
    }

    /** Listening when it returns; the port is options.port(), or a free one when that is 0. */
    static QuoteService start(Options options) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), BACKLOG);
        ExecutorService serverThreads = Executors.newFixedThreadPool(
                options.threads(), Thread.ofPlatform().name("quote-" + options.mode() + "-", 1).factory());
        Upstreams upstreams = new Upstreams(options.pricingUrl(), options.inventoryUrl(), options.shippingUrl(),
                                            options.upstreamTimeout());
        server.setExecutor(serverThreads);
        server.createContext(QuoteHandler.PATH, new QuoteHandler(options.mode(), options.slipBlockingCall(), upstreams));
        server.createContext("/health", QuoteService::health);
        server.createContext("/", QuoteService::notFound);
        server.start();
        return new QuoteService(server, serverThreads, upstreams, options.host());
    }

    /** http://HOST:PORT */
    String url() {
        return url;
    }

    @Override
    public void close() {
        server.stop(0);
        serverThreads.shutdownNow();
        upstreams.close();
    }

    /** Readiness: up as soon as it listens; it keeps no state to wait for. */
    private static void health(HttpExchange exchange) {
        if (exchange.getRequestURI().getPath().equals("/health")) {
            QuoteHandler.respond(exchange, 200, "{\"status\":\"UP\"}");
        } else {
            notFound(exchange);
        }
    }

    private static void notFound(HttpExchange exchange) {
        QuoteHandler.respond(exchange, 404, QuoteHandler.errorJson(
                "no such resource: " + exchange.getRequestURI().getPath() + " (try GET /quote/{sku}?qty=N)"));
    }
}
