package dev.loadlab.service;

/**
 * Response of {@code /api/{mode}/weather/{zip}/{country}}.
 *
 * @param zip             zip as requested
 * @param country         country, upper case
 * @param place           place name from the weather API
 * @param description     e.g. {@code light rain}
 * @param temperatureC    degrees Celsius
 * @param feelsLikeC      degrees Celsius
 * @param humidityPercent percent
 * @param windSpeedMs     metres per second
 */
public record WeatherReport(String zip,
                            String country,
                            String place,
                            String description,
                            double temperatureC,
                            double feelsLikeC,
                            int humidityPercent,
                            double windSpeedMs) {
}
