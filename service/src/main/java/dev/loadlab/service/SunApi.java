package dev.loadlab.service;

/**
 * The service's three operations. {@link BlockingSunApi}, {@link VirtualSunApi}, {@link AsyncSunApi} and
 * {@link EventLoopSunApi} implement them with the same upstream calls in the same dependency order; only threading
 * differs:
 * <ul>
 *     <li>sun: location, then sun (dependent)</li>
 *     <li>weather: one call</li>
 *     <li>city: the sun chain and weather (independent, so concurrent in virtual, async and eventloop)</li>
 * </ul>
 * Every method blocks its caller (the request's virtual thread) until the response is ready.
 */
public interface SunApi {
    /**
     * Sun times of a place.
     *
     * @param query zip and country
     * @return report
     */
    SunReport sun(Query query);

    /**
     * Current weather of a place.
     *
     * @param query zip and country
     * @return report
     */
    WeatherReport weather(Query query);

    /**
     * Sun and weather of a place.
     *
     * @param query zip and country
     * @return report
     */
    CityReport city(Query query);
}
