package dev.loadlab.service;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Turns upstream answers into responses; the same code for every mode. Sun times arrive in UTC on a
 * 12-hour clock for today's date and leave as local {@code HH:mm:ss} in the configured zone.
 */
public final class Reports {
    private static final DateTimeFormatter UTC_12H = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US);
    private static final DateTimeFormatter LOCAL_24H = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Clock clock;
    private final ZoneId zone;

    /**
     * Create.
     *
     * @param clock gives today's date (UTC), injectable for tests
     * @param zone  zone to convert to
     */
    public Reports(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    SunReport sun(Query query, Location location, SunTimes sun) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new SunReport(query.zip(),
                             query.country(),
                             location.place(),
                             location.latitude(),
                             location.longitude(),
                             zone.getId(),
                             local(today, sun.sunrise()),
                             local(today, sun.sunset()),
                             local(today, sun.solarNoon()),
                             dayLength(sun.dayLength()),
                             local(today, sun.civilTwilightBegin()),
                             local(today, sun.civilTwilightEnd()),
                             local(today, sun.nauticalTwilightBegin()),
                             local(today, sun.nauticalTwilightEnd()),
                             local(today, sun.astronomicalTwilightBegin()),
                             local(today, sun.astronomicalTwilightEnd()));
    }

    WeatherReport weather(Query query, Weather weather) {
        return new WeatherReport(query.zip(),
                                 query.country(),
                                 weather.place(),
                                 weather.description(),
                                 weather.temperatureC(),
                                 weather.feelsLikeC(),
                                 weather.humidityPercent(),
                                 weather.windSpeedMs());
    }

    CityReport city(Query query, SunReport sun, WeatherReport weather) {
        return new CityReport(query.zip(), query.country(), sun, weather);
    }

    private String local(LocalDate utcDate, String utcTime12h) {
        LocalTime time = parse(utcTime12h, () -> LocalTime.parse(utcTime12h.trim().toUpperCase(Locale.US), UTC_12H));
        return utcDate.atTime(time).atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).format(LOCAL_24H);
    }

    private static String dayLength(String hms) {
        Duration length = parse(hms, () -> {
            String[] parts = hms.trim().split(":");
            if (parts.length != 3) {
                throw new DateTimeParseException("expected H:mm:ss", hms, 0);
            }
            return Duration.ofHours(Integer.parseInt(parts[0]))
                    .plusMinutes(Integer.parseInt(parts[1]))
                    .plusSeconds(Integer.parseInt(parts[2]));
        });
        return "%02d:%02d:%02d".formatted(length.toHours(), length.toMinutesPart(), length.toSecondsPart());
    }

    private static <T> T parse(String text, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new UpstreamException(Upstream.SUN, UpstreamException.Kind.MALFORMED, "unreadable time '" + text + "'", e);
        }
    }
}
