package dev.loadlab.service;

import java.util.Locale;

/**
 * The upstream APIs the service calls.
 */
public enum Upstream {
    /** Zip code to place and coordinates (shape of api.zippopotam.us). */
    LOCATION,
    /** Coordinates to sun times (shape of api.sunrise-sunset.org). */
    SUN,
    /** Zip code to current weather (shape of openweathermap). */
    WEATHER;

    /**
     * Label used in config keys, error bodies and metrics.
     *
     * @return lower-case name
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
