package dev.loadlab.simulations;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A {@link RequestMix} as Gatling chains: its feeders and its requests, picked by weight, with their checks. */
public final class MixRequests {

    static final String STATUS = "httpStatus";
    static final String RESPONSE_TIME_MS = "responseTimeMs";
    static final String SENT_AT_MS = "sentAtMs";

    private MixRequests() {
    }

    public static HttpProtocolBuilder protocol(LoadParameters params) {
        return http.baseUrl(params.baseUrl())
                .acceptHeader("application/json")
                .disableCaching()
                .disableWarmUp()
                // One keep-alive pool for all virtual users, like a fleet of real clients; otherwise every
                // short-lived Gatling user would open a fresh connection and we would measure TCP setup.
                .shareConnections();
    }

    /** One record of every feeder into the session, then {@code then}: no action more than the feeders need. */
    static ChainBuilder feedThen(RequestMix mix, Function<Session, Session> then) {
        ChainBuilder chain = null;
        for (RequestMix.Feeder feeder : mix.feeders().values()) {
            chain = chain == null ? feed(gatlingFeeder(feeder)) : chain.feed(gatlingFeeder(feeder));
        }
        return chain == null ? exec(then) : chain.exec(then);
    }

    private static FeederBuilder<?> gatlingFeeder(RequestMix.Feeder feeder) {
        FeederBuilder<?> builder = feeder.csv() != null ? csv(feeder.csv()) : listFeeder(feeder.records());
        return switch (feeder.strategyOrDefault()) {
            case "random" -> builder.random();
            case "shuffle" -> builder.shuffle().circular();
            default -> builder.circular();
        };
    }

    /**
     * One request of the mix, picked by weight, named at send time by the phase it falls in (warm-up or a measured
     * window). Status and response time are saved first, so the recorder sees them for failed requests too.
     *
     * @param urlPrefix prepended to the request's path: "" (the protocol's base URL: a point's one variant), or an
     *                  EL such as {@code #{url}} giving an absolute URL (an episode: the variant whose turn it is)
     */
    static ChainBuilder send(RequestMix mix, LoadParameters params, String urlPrefix,
                             Function<Session, String> nameAtSendTime) {
        List<RequestMix.Request> sent = mix.sent();
        if (sent.size() == 1) {
            return exec(request(sent.getFirst(), params, urlPrefix, nameAtSendTime));
        }
        // Gatling's random switch takes percentages
        List<Choice.WithWeight> choices = new ArrayList<>();
        mix.shares().forEach((name, share) -> choices.add(new Choice.WithWeight(share * 100.0,
                exec(request(mix.request(name), params, urlPrefix, nameAtSendTime)))));
        return randomSwitch().on(choices);
    }

    private static HttpRequestActionBuilder request(RequestMix.Request request, LoadParameters params, String urlPrefix,
                                                    Function<Session, String> nameAtSendTime) {
        HttpRequestActionBuilder builder = http(nameAtSendTime)
                .httpRequest(request.methodOrDefault(), urlPrefix + request.path())
                .requestTimeout(params.requestTimeout());
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder = builder.header(header.getKey(), header.getValue());
        }
        if (request.body() != null) {
            builder = builder.body(StringBody(request.body()));
        }
        return builder.check(status().saveAs(STATUS), responseTimeInMillis().saveAs(RESPONSE_TIME_MS),
                status().is(request.statusOrDefault()));
    }
}
