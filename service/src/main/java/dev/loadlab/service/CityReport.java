package dev.loadlab.service;

/**
 * Response of {@code /api/{mode}/city/{zip}/{country}}: sun and weather of one place.
 *
 * @param zip     zip as requested
 * @param country country, upper case
 * @param sun     sun report
 * @param weather weather report
 */
public record CityReport(String zip, String country, SunReport sun, WeatherReport weather) {
}
