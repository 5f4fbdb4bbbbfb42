package dev.loadlab.service;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated request for a place: zip code and two-letter country code (stored upper case).
 *
 * @param zip     2-10 letters, digits, spaces or hyphens
 * @param country ISO country code, upper case
 */
public record Query(String zip, String country) {
    private static final Pattern ZIP = Pattern.compile("[A-Za-z0-9 \\-]{2,10}");
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
            throw new InvalidRequestException("invalid zip '" + zip + "': expected 2-10 letters, digits, spaces or hyphens");
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new InvalidRequestException("invalid country '" + country + "': expected a 2-letter country code");
        }
        return new Query(zip, country.toUpperCase(Locale.ROOT));
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
