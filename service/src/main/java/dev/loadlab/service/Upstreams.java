package dev.loadlab.service;

/**
 * The three upstream calls, blocking. Every mode makes exactly these calls; the modes differ only in which
 * thread makes them and how the results are joined.
 */
public interface Upstreams {
    /**
     * Location API.
     *
     * @param query zip and country
     * @return place and coordinates
     */
    Location location(Query query);

    /**
     * Sun API; depends on the location.
     *
     * @param location coordinates
     * @return today's sun times, UTC
     */
    SunTimes sun(Location location);

    /**
     * Weather API; independent of the other two.
     *
     * @param query zip and country
     * @return current weather
     */
    Weather weather(Query query);
}
