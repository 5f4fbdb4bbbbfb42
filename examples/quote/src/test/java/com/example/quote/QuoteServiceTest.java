package com.example.quote;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in both modes against the mapping folders of upstreams/ as they are, each served by its own WireMock.
 * Behaviour only: the timing checks use upstream delays far longer than any overhead, and no timing target.
 */
class QuoteServiceTest {
    private static final String A100_TIMES_5 = """
            {"sku":"A100","qty":5,"unitPrice":12.5,"currency":"EUR","warehouse":"ams-1","shipping":4.95,"days":2,\
            "total":67.45}""";
    // long beside the few milliseconds a local call takes, so overlapping and queued calls cannot be confused
    private static final int DELAY_MS = 1000;

    @RegisterExtension
    static WireMockExtension pricing = upstream("pricing");
    @RegisterExtension
    static WireMockExtension inventory = upstream("inventory");
    @RegisterExtension
    static WireMockExtension shipping = upstream("shipping");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<QuoteService> started = new ArrayList<>();

    private static WireMockExtension upstream(String folder) {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                                 .usingFilesUnderDirectory("upstreams/" + folder)
                                 .asynchronousResponseEnabled(true))
                .build();
    }

    @AfterEach
    void stopServicesAndDelays() {
        started.forEach(QuoteService::close);
        client.close();
        Stream.of(pricing, inventory, shipping).forEach(upstream -> upstream.setGlobalFixedDelay(0));
    }

    @Test
    void the_mapping_folders_answer_any_sku_like_A100_and_404_to_others() throws Exception {
        assertThat(fake(pricing, "/prices/A100")).isEqualTo(
                "200 {sku=A100, unitPrice=12.5, currency=EUR, weightKg=0.4}");
        assertThat(fake(inventory, "/stock/Z999")).isEqualTo("200 {sku=Z999, available=42, warehouse=ams-1}");
        assertThat(fake(shipping, "/rates?warehouse=ams-1&weightKg=2.0")).isEqualTo(
                "200 {warehouse=ams-1, price=4.95, days=2}");
        assertThat(fake(pricing, "/prices/nope")).isEqualTo("404 {error=no price for sku nope}");
        assertThat(fake(inventory, "/stock/a100")).isEqualTo("404 {error=no stock for sku a100}");
    }

    @Test
    void answers_the_same_quote_in_every_mode() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (QuoteService service : List.of(start("blocking"), start("async"), start("async", "--slip-blocking-call"))) {
            HttpResponse<String> response = get(service, "/quote/A100?qty=5");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            bodies.add(response.body());
        }
        assertThat(bodies).containsOnly(A100_TIMES_5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void quotes_one_item_when_qty_is_not_given(String mode) throws Exception {
        HttpResponse<String> response = get(start(mode), "/quote/B205");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(response.body()))
                .containsEntry("sku", "B205").containsEntry("qty", new BigDecimal("1"))
                .containsEntry("total", new BigDecimal("17.45"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_404_for_an_unknown_sku(String mode) throws Exception {
        HttpResponse<String> response = get(start(mode), "/quote/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"error\":\"unknown sku: ").contains("/nope");
        assertThat(shipping.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_400_for_a_bad_qty_or_sku_without_calling_upstreams(String mode) throws Exception {
        QuoteService service = start(mode);

        for (String path : List.of("/quote/A100?qty=0", "/quote/A100?qty=1001", "/quote/A100?qty=two",
                                   "/quote/A100?qty=1.5", "/quote/A.100", "/quote/", "/quote/A100/more")) {
            HttpResponse<String> response = get(service, path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(Json.parseObject(response.body())).as(path).containsOnlyKeys("error");
        }
        assertThat(pricing.getAllServeEvents()).isEmpty();
        assertThat(inventory.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_409_when_stock_is_short_without_asking_shipping(String mode) throws Exception {
        HttpResponse<String> response = get(start(mode), "/quote/A100?qty=43");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("{\"error\":\"only 42 of A100 in stock, 43 asked\"}");
        assertThat(shipping.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_502_when_an_upstream_answers_garbage(String mode) throws Exception {
        pricing.stubFor(WireMock.get(urlPathEqualTo("/prices/A100")).atPriority(1).willReturn(okJson("{\"sku\":\"A100\"")));

        HttpResponse<String> response = get(start(mode), "/quote/A100");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("{\"error\":\"pricing answered /prices/A100 with something unexpected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_502_when_an_upstream_fails(String mode) throws Exception {
        shipping.stubFor(WireMock.get(urlPathEqualTo("/rates")).atPriority(1).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> response = get(start(mode), "/quote/A100");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("{\"error\":\"shipping answered 500 to /rates?warehouse=ams-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_502_when_an_upstream_is_unreachable(String mode) throws Exception {
        // port 1 on loopback: nothing listens, the connection is refused at once
        HttpResponse<String> response = get(start(mode, "--inventory-url", "http://127.0.0.1:1"), "/quote/A100");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("{\"error\":\"inventory failed on /stock/A100: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void returns_504_when_an_upstream_does_not_answer_in_time(String mode) throws Exception {
        shipping.setGlobalFixedDelay(DELAY_MS);

        HttpResponse<String> response = get(start(mode, "--upstream-timeout", "100ms"), "/quote/A100");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).startsWith("{\"error\":\"shipping did not answer /rates?").endsWith(" within 100 ms\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void health_is_up_and_other_paths_are_404(String mode) throws Exception {
        QuoteService service = start(mode);

        assertThat(get(service, "/health").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(service, "/healthz").statusCode()).isEqualTo(404);
        assertThat(get(service, "/quote").statusCode()).isEqualTo(404);
    }

    @Test
    void async_asks_inventory_before_pricing_has_answered() throws Exception {
        pricing.setGlobalFixedDelay(DELAY_MS);
        inventory.setGlobalFixedDelay(DELAY_MS);

        assertThat(get(start("async"), "/quote/A100?qty=5").body()).isEqualTo(A100_TIMES_5);

        assertThat(arrivalMs(inventory, 0) - arrivalMs(pricing, 0)).isLessThan(DELAY_MS / 2);
    }

    @Test
    void blocking_asks_inventory_only_after_pricing_has_answered() throws Exception {
        pricing.setGlobalFixedDelay(DELAY_MS);

        assertThat(get(start("blocking"), "/quote/A100?qty=5").body()).isEqualTo(A100_TIMES_5);

        assertThat(arrivalMs(inventory, 0) - arrivalMs(pricing, 0)).isGreaterThanOrEqualTo(DELAY_MS - 5);
    }

    @Test
    void async_with_one_thread_waits_on_two_requests_at_once() throws Exception {
        shipping.setGlobalFixedDelay(DELAY_MS);

        assertThat(getTwiceAtOnce(start("async", "--threads", "1"))).containsOnly(A100_TIMES_5);

        assertThat(arrivalMs(shipping, 1) - arrivalMs(shipping, 0)).isLessThan(DELAY_MS / 2);
    }

    @Test
    void slipped_async_with_one_thread_holds_it_through_the_shipping_call() throws Exception {
        shipping.setGlobalFixedDelay(DELAY_MS);

        assertThat(getTwiceAtOnce(start("async", "--threads", "1", "--slip-blocking-call")))
                .containsOnly(A100_TIMES_5);

        assertThat(arrivalMs(shipping, 1) - arrivalMs(shipping, 0)).isGreaterThanOrEqualTo(DELAY_MS - 5);
    }

    @Test
    void blocking_with_one_thread_still_answers_requests_one_after_another() throws Exception {
        shipping.setGlobalFixedDelay(DELAY_MS);

        assertThat(getTwiceAtOnce(start("blocking", "--threads", "1"))).containsOnly(A100_TIMES_5);

        assertThat(arrivalMs(shipping, 1) - arrivalMs(shipping, 0)).isGreaterThanOrEqualTo(DELAY_MS - 5);
    }

    private QuoteService start(String mode, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--mode", mode,
                                                    "--pricing-url", pricing.baseUrl(),
                                                    "--inventory-url", inventory.baseUrl(),
                                                    "--shipping-url", shipping.baseUrl()));
        args.addAll(List.of(more));
        QuoteService service = QuoteService.start(Options.parse(args, Map.of()));
        started.add(service);
        return service;
    }

    private HttpResponse<String> get(QuoteService service, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(service.url() + path)).build(), BodyHandlers.ofString());
    }

    /** What a fake upstream answers: status and parsed body. */
    private String fake(WireMockExtension upstream, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path)).build(),
                                                    BodyHandlers.ofString());
        return response.statusCode() + " " + Json.parseObject(response.body());
    }

    /** Two requests sent together, on two connections; their bodies once both are answered. */
    private List<String> getTwiceAtOnce(QuoteService service) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/quote/A100?qty=5")).build();
        List<CompletableFuture<HttpResponse<String>>> responses = List.of(
                client.sendAsync(request, BodyHandlers.ofString()), client.sendAsync(request, BodyHandlers.ofString()));
        return responses.stream().map(CompletableFuture::join).map(HttpResponse::body).toList();
    }

    /** When the upstream received its n-th request (0 = first), by its own journal, in epoch ms. */
    private static long arrivalMs(WireMockExtension upstream, int n) {
        List<Long> arrivals = upstream.getAllServeEvents().stream()
                .map(ServeEvent::getRequest).map(request -> request.getLoggedDate().getTime())
                .sorted(Comparator.naturalOrder()).toList();
        assertThat(arrivals).hasSizeGreaterThan(n);
        return arrivals.get(n);
    }
}
