package dev.loadlab.service;

/**
 * Response of {@code /api/{mode}/sun/{zip}/{country}}; times are local ({@code HH:mm:ss}) in {@code timeZone}.
 *
 * @param zip                       zip as requested
 * @param country                   country, upper case
 * @param place                     place name from the location API
 * @param latitude                  degrees north
 * @param longitude                 degrees east
 * @param timeZone                  zone the times are expressed in
 * @param sunrise                   sunrise
 * @param sunset                    sunset
 * @param solarNoon                 solar noon
 * @param dayLength                 day length {@code HH:mm:ss}
 * @param civilTwilightBegin        civil twilight begin
 * @param civilTwilightEnd          civil twilight end
 * @param nauticalTwilightBegin     nautical twilight begin
 * @param nauticalTwilightEnd       nautical twilight end
 * @param astronomicalTwilightBegin astronomical twilight begin
 * @param astronomicalTwilightEnd   astronomical twilight end
 */
public record SunReport(String zip,
                        String country,
                        String place,
                        double latitude,
                        double longitude,
                        String timeZone,
                        String sunrise,
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
