package dev.loadlab.service;

/**
 * Answer of the sun API, as sent: UTC times on a 12-hour clock ({@code 7:27:02 AM}), day length {@code H:mm:ss}.
 *
 * @param sunrise                   sunrise
 * @param sunset                    sunset
 * @param solarNoon                 solar noon
 * @param dayLength                 day length
 * @param civilTwilightBegin        civil twilight begin
 * @param civilTwilightEnd          civil twilight end
 * @param nauticalTwilightBegin     nautical twilight begin
 * @param nauticalTwilightEnd       nautical twilight end
 * @param astronomicalTwilightBegin astronomical twilight begin
 * @param astronomicalTwilightEnd   astronomical twilight end
 */
public record SunTimes(String sunrise,
                       String sunset,
                       String solarNoon,
                       String dayLength,
                       String civilTwilightBegin,
                       String civilTwilightEnd,
                       String nauticalTwilightBegin,
                       String nauticalTwilightEnd,
                       String astronomicalTwilightBegin,
                       String astronomicalTwilightEnd) {
}
