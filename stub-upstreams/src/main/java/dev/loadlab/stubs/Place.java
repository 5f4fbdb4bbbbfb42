package dev.loadlab.stubs;

/**
 * One zip code in one country, as the location API describes it.
 *
 * @param country           ISO country code, lower-case ({@code us})
 * @param zip               postal code as given ({@code 97201})
 * @param countryName       e.g. {@code United States}
 * @param placeName         e.g. {@code Portland}
 * @param state             e.g. {@code Oregon}
 * @param stateAbbreviation e.g. {@code OR}
 * @param latitude          degrees north
 * @param longitude         degrees east
 */
public record Place(String country, String zip, String countryName, String placeName, String state,
                    String stateAbbreviation, double latitude, double longitude) {
}
