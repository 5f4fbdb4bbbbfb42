package com.example.quote;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The three upstream APIs over one HttpClient (HTTP/1.1, its keep-alive connection pool), each call in a blocking
 * and an async form. Whatever goes wrong comes out as a QuoteException: 404 unknown sku, 502 failed or garbled
 * answer, 504 no answer within the upstream timeout.
 */
final class Upstreams implements AutoCloseable {

    /** GET {pricing}/prices/{sku} */
    record Price(String sku, BigDecimal unitPrice, String currency, BigDecimal weightKg) {
        static Price from(Map<String, Object> fields) {
            return new Price(Json.string(fields, "sku"), Json.decimal(fields, "unitPrice"),
                             Json.string(fields, "currency"), Json.decimal(fields, "weightKg"));
        }

        BigDecimal weightKgOf(int qty) {
            return weightKg.multiply(BigDecimal.valueOf(qty));
        }
    }

    /** GET {inventory}/stock/{sku} */
    record Stock(String sku, int available, String warehouse) {
        static Stock from(Map<String, Object> fields) {
            return new Stock(Json.string(fields, "sku"), Json.integer(fields, "available"),
                             Json.string(fields, "warehouse"));
        }
    }

    /** GET {shipping}/rates?warehouse=W&amp;weightKg=K */
    record Rate(String warehouse, BigDecimal price, int days) {
        static Rate from(Map<String, Object> fields) {
            return new Rate(Json.string(fields, "warehouse"), Json.decimal(fields, "price"), Json.integer(fields, "days"));
        }
    }

    /** One upstream API: its name in error messages, its base URL, and whether its 404 means "no such sku". */
    private record Api(String name, String baseUrl, boolean notFoundIsUnknownSku) {
        Api(String name, URI baseUrl, boolean notFoundIsUnknownSku) {
            this(name, baseUrl.toString().replaceAll("/+$", ""), notFoundIsUnknownSku);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Api pricing;
    private final Api inventory;
    private final Api shipping;

    Upstreams(URI pricingUrl, URI inventoryUrl, URI shippingUrl, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.timeout = timeout;
        this.pricing = new Api("pricing", pricingUrl, true);
        this.inventory = new Api("inventory", inventoryUrl, true);
        this.shipping = new Api("shipping", shippingUrl, false);
    }

    Price price(String sku) {
        return send(pricing, "/prices/" + sku, Price::from);
    }

    Stock stock(String sku) {
        return send(inventory, "/stock/" + sku, Stock::from);
    }

    Rate rate(String warehouse, BigDecimal weightKg) {
        return send(shipping, ratesPath(warehouse, weightKg), Rate::from);
    }

    CompletableFuture<Price> priceAsync(String sku) {
        return sendAsync(pricing, "/prices/" + sku, Price::from);
    }

    CompletableFuture<Stock> stockAsync(String sku) {
        return sendAsync(inventory, "/stock/" + sku, Stock::from);
    }

    CompletableFuture<Rate> rateAsync(String warehouse, BigDecimal weightKg) {
        return sendAsync(shipping, ratesPath(warehouse, weightKg), Rate::from);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    private static String ratesPath(String warehouse, BigDecimal weightKg) {
        return "/rates?warehouse=" + URLEncoder.encode(warehouse, UTF_8) + "&weightKg=" + weightKg.toPlainString();
    }

    /** Waits on this thread for the answer. */
    private <T> T send(Api api, String path, Function<Map<String, Object>, T> reader) {
        try {
            return read(api, path, client.send(request(api, path), BodyHandlers.ofString()), reader);
        } catch (IOException e) {
            throw failed(api, path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(api, path, e);
        }
    }

    /** Returns at once; the answer is read on the HttpClient's threads when it arrives. */
    private <T> CompletableFuture<T> sendAsync(Api api, String path, Function<Map<String, Object>, T> reader) {
        return client.sendAsync(request(api, path), BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                throw failed(api, path, failure instanceof CompletionException ? failure.getCause() : failure);
            }
            return read(api, path, response, reader);
        });
    }

    private HttpRequest request(Api api, String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    private static <T> T read(Api api, String path, HttpResponse<String> response,
                              Function<Map<String, Object>, T> reader) {
        int status = response.statusCode();
        if (status == 404 && api.notFoundIsUnknownSku()) {
            throw new QuoteException(404, "unknown sku: " + api.name() + " answered 404 to " + path);
        }
        if (status != 200) {
            throw new QuoteException(502, api.name() + " answered " + status + " to " + path);
        }
        try {
            return reader.apply(Json.parseObject(response.body()));
        } catch (IllegalArgumentException e) {
            throw new QuoteException(502, api.name() + " answered " + path + " with something unexpected: "
                                          + e.getMessage());
        }
    }

    private QuoteException failed(Api api, String path, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return new QuoteException(504, api.name() + " did not answer " + path + " within " + timeout.toMillis()
                                           + " ms");
        }
        return new QuoteException(502, api.name() + " failed on " + path + ": " + cause);
    }
}
