package dev.loadlab.service;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated request for a place: zip code and two-letter country code (stored upper case).
 *
 * @param zip     2-10 letters, digits, spaces or hyphens, starting and ending with a letter or digit
 * @param country ISO country code, upper case
 */
public record Query(String zip, String country) {
    // 2-10 characters, first and last a letter or digit: "SW1A 1AA", "100-0001"; not "  " or "--"
    private static final Pattern ZIP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 \\-]{0,8}[A-Za-z0-9]");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    /**
     * Validate raw path values; nothing is called upstream for an invalid query.
     *
     * @param zip     raw zip
     * @param country raw country
     * @return the query
     * @throws InvalidRequestException if either value is malformed
     */
    public static Query of(String zip, String country) {
        if (zip == null || !ZIP.matcher(zip).matches()) {
            throw new InvalidRequestException("invalid zip '" + shown(zip) + "': expected 2-10 letters, digits, spaces or hyphens,"
                                                      + " starting and ending with a letter or digit");
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new InvalidRequestException("invalid country '" + shown(country) + "': expected a 2-letter country code");
        }
        return new Query(zip, country.toUpperCase(Locale.ROOT));
    }

    /** A rejected value as error messages show it: at most 40 characters, so a huge value is not echoed back. */
    private static String shown(String value) {
        return value == null || value.length() <= 40 ? value : value.substring(0, 40) + "... (" + value.length() + " chars)";
    }

    /**
     * Country as the location API wants it in its path.
     *
     * @return lower-case country code
     */
    public String countryLowerCase() {
        return country.toLowerCase(Locale.ROOT);
    }
}
