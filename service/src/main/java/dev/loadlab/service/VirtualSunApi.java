package dev.loadlab.service;

import java.util.concurrent.FutureTask;

/**
 * Straight-line blocking code on the request's own virtual thread (the Helidon 4 "Níma" idiom), no pool.
 * For city, weather is forked onto its own virtual thread and joined.
 */
public final class VirtualSunApi implements SunApi {
    private final Upstreams upstreams;
    private final Reports reports;

    VirtualSunApi(Upstreams upstreams, Reports reports) {
        this.upstreams = upstreams;
        this.reports = reports;
    }

    @Override
    public SunReport sun(Query query) {
        return sunChain(query);
    }

    @Override
    public WeatherReport weather(Query query) {
        return weatherCall(query);
    }

    @Override
    public CityReport city(Query query) {
        FutureTask<WeatherReport> weather = new FutureTask<>(() -> weatherCall(query));
        Thread.ofVirtual().name("virtual-fork").start(weather);
        try {
            SunReport sun = sunChain(query);
            return reports.city(query, sun, Futures.await(weather));
        } finally {
            weather.cancel(true); // no-op once done; stops the fork if the sun chain failed
        }
    }

    private SunReport sunChain(Query query) {
        Location location = upstreams.location(query);
        SunTimes sun = upstreams.sun(location);
        return reports.sun(query, location, sun);
    }

    private WeatherReport weatherCall(Query query) {
        return reports.weather(query, upstreams.weather(query));
    }
}
