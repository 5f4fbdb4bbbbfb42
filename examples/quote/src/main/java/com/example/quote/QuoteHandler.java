package com.example.quote;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.example.quote.Options.Mode;
import com.example.quote.Upstreams.Price;
import com.example.quote.Upstreams.Rate;
import com.example.quote.Upstreams.Stock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * GET /quote/{sku}?qty=N. Both modes make the same three upstream calls and give the same answer; only the waiting
 * differs, and with it the critical path:
 * <ul>
 * <li>blocking: pricing, then inventory, then shipping, each holding this server thread while it waits
 *     (pricing + inventory + shipping);</li>
 * <li>async: pricing and inventory at once, shipping when both are in, no thread waiting on the way
 *     (max(pricing, inventory) + shipping).</li>
 * </ul>
 */
final class QuoteHandler implements HttpHandler {
    static final String PATH = "/quote/";
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int MAX_QTY = 1000;
    private static final System.Logger LOG = System.getLogger(QuoteHandler.class.getName());

    private final Mode mode;
    private final boolean slipBlockingCall;
    private final Upstreams upstreams;

    QuoteHandler(Mode mode, boolean slipBlockingCall, Upstreams upstreams) {
        this.mode = mode;
        this.slipBlockingCall = slipBlockingCall;
        this.upstreams = upstreams;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Order order;
        try {
            order = Order.of(exchange.getRequestMethod(), exchange.getRequestURI());
        } catch (QuoteException e) {
            answer(exchange, null, e);
            return;
        }
        if (mode == Mode.BLOCKING) {
            answerNow(exchange, () -> quoteBlocking(order));
        } else if (slipBlockingCall) {
            answerNow(exchange, () -> quoteSlipped(order));
        } else {
            // handle() returns now; the exchange is answered (and closed) on the HttpClient thread that completes it
            quoteAsync(order).whenComplete((quote, failure) -> answer(exchange, quote, failure));
        }
    }

    /** Blocking: one call after another, this server thread waiting on each. */
    private Quote quoteBlocking(Order order) {
        Price price = upstreams.price(order.sku());
        Stock stock = upstreams.stock(order.sku());
        requireInStock(order, stock);
        Rate rate = upstreams.rate(stock.warehouse(), price.weightKgOf(order.qty()));
        return Quote.of(order.sku(), order.qty(), price, stock, rate);
    }

    /** Async: pricing and inventory together, then shipping, which needs the warehouse and the weight. */
    private CompletableFuture<Quote> quoteAsync(Order order) {
        return priceAndStockAsync(order).thenCompose(known -> {
            requireInStock(order, known.stock());
            return upstreams.rateAsync(known.stock().warehouse(), known.price().weightKgOf(order.qty()))
                    .thenApply(rate -> Quote.of(order.sku(), order.qty(), known.price(), known.stock(), rate));
        });
    }

    /**
     * PROOF ONLY (--slip-blocking-call): async's first step, then this server thread joins it and blocks on
     * shipping, as a careless edit would. Latency stays that of async; throughput is capped at threads / latency.
     * It is a regression on purpose, for a performance gate to catch.
     */
    private Quote quoteSlipped(Order order) {
        PriceAndStock known = priceAndStockAsync(order).join();
        requireInStock(order, known.stock());
        Rate rate = upstreams.rate(known.stock().warehouse(), known.price().weightKgOf(order.qty()));
        return Quote.of(order.sku(), order.qty(), known.price(), known.stock(), rate);
    }

    private CompletableFuture<PriceAndStock> priceAndStockAsync(Order order) {
        return upstreams.priceAsync(order.sku()).thenCombine(upstreams.stockAsync(order.sku()), PriceAndStock::new);
    }

    private static void requireInStock(Order order, Stock stock) {
        if (stock.available() < order.qty()) {
            throw new QuoteException(409, "only " + stock.available() + " of " + order.sku() + " in stock, "
                                          + order.qty() + " asked");
        }
    }

    private static void answerNow(HttpExchange exchange, Supplier<Quote> quote) {
        Quote answer;
        try {
            answer = quote.get();
        } catch (RuntimeException e) {
            answer(exchange, null, e);
            return;
        }
        answer(exchange, answer, null);
    }

    private static void answer(HttpExchange exchange, Quote quote, Throwable failure) {
        if (failure == null) {
            respond(exchange, 200, quote.toJson());
            return;
        }
        QuoteException error = asQuoteException(failure);
        respond(exchange, error.status(), errorJson(error.getMessage()));
    }

    private static QuoteException asQuoteException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof QuoteException known) {
            return known;
        }
        LOG.log(System.Logger.Level.ERROR, "quote failed unexpectedly", cause);
        return new QuoteException(500, "internal error: " + cause.getClass().getSimpleName());
    }

    static String errorJson(String message) {
        return Json.write(Map.of("error", message));
    }

    /** Writes the whole answer and closes the exchange, from whichever thread has it. */
    static void respond(HttpExchange exchange, int status, String json) {
        byte[] body = json.getBytes(UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the client went away; closing the exchange is all there is to do
        }
    }

    private record PriceAndStock(Price price, Stock stock) {
    }

    /** What the client asked for, checked: 400 (405 for another method) before any upstream is called. */
    private record Order(String sku, int qty) {
        static Order of(String method, URI uri) {
            if (!method.equals("GET")) {
                throw new QuoteException(405, "only GET is served at " + PATH + "{sku}");
            }
            String sku = uri.getPath().substring(PATH.length());
            if (!SKU.matcher(sku).matches()) {
                throw new QuoteException(400, "sku must be 1 to 32 letters, digits, '-' or '_', got '" + sku + "'");
            }
            String qty = queryParameter(uri, "qty");
            if (qty == null) {
                return new Order(sku, 1);
            }
            try {
                int number = Integer.parseInt(qty);
                if (number >= 1 && number <= MAX_QTY) {
                    return new Order(sku, number);
                }
            } catch (NumberFormatException e) {
                // answered below, like a qty out of range
            }
            throw new QuoteException(400, "qty must be a whole number from 1 to " + MAX_QTY + ", got '" + qty + "'");
        }

        /** The first value of the parameter, decoded; null when absent. */
        private static String queryParameter(URI uri, String name) {
            String query = uri.getRawQuery();
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                if (key.equals(name)) {
                    return equals < 0 ? "" : decoded(pair.substring(equals + 1));
                }
            }
            return null;
        }

        /** A broken %-escape stays as sent, so the answer is the 400 that quotes it. */
        private static String decoded(String value) {
            try {
                return URLDecoder.decode(value, UTF_8);
            } catch (IllegalArgumentException e) {
                return value;
            }
        }
    }
}
