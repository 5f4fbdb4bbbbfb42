package dev.loadlab.service;

import java.util.concurrent.CompletableFuture;

/**
 * The shape the two future-composing modes share: a mode supplies the sun chain (location, then the dependent sun
 * call) and the weather call as futures; {@code city} starts both before waiting (so they run concurrently) and joins
 * them with {@code thenCombine}. The request's thread waits only for the final future. {@link AsyncSunApi} and
 * {@link EventLoopSunApi} differ only in how their futures are made.
 */
abstract class ComposedSunApi implements SunApi {
    /** Builds every mode's responses alike. */
    final Reports reports;

    ComposedSunApi(Reports reports) {
        this.reports = reports;
    }

    @Override
    public final SunReport sun(Query query) {
        return Futures.await(sunChain(query));
    }

    @Override
    public final WeatherReport weather(Query query) {
        return Futures.await(weatherCall(query));
    }

    @Override
    public final CityReport city(Query query) {
        return Futures.await(sunChain(query).thenCombine(weatherCall(query),
                                                         (sun, weather) -> reports.city(query, sun, weather)));
    }

    /** Location, then sun (dependent), as one future. */
    abstract CompletableFuture<SunReport> sunChain(Query query);

    /** Weather, independent of the sun chain. */
    abstract CompletableFuture<WeatherReport> weatherCall(Query query);
}
