package dev.loadlab.service;

/**
 * Answer of the weather API.
 *
 * @param place           place name the weather API reports
 * @param description     e.g. {@code light rain}
 * @param temperatureC    temperature, degrees Celsius
 * @param feelsLikeC      perceived temperature, degrees Celsius
 * @param humidityPercent relative humidity, percent
 * @param windSpeedMs     wind speed, metres per second
 */
public record Weather(String place,
                      String description,
                      double temperatureC,
                      double feelsLikeC,
                      int humidityPercent,
                      double windSpeedMs) {
}
