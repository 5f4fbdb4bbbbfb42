package dev.loadlab.stubs;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Real zip/country pairs with approximate real coordinates. The load generator's CSV feeder mirrors
 * this list, so every request it sends hits a known place.
 */
public final class KnownPlaces {
    private static final List<Place> ALL = List.of(
            new Place("us", "97201", "United States", "Portland", "Oregon", "OR", 45.5074, -122.6894),
            new Place("us", "10001", "United States", "New York", "New York", "NY", 40.7484, -73.9967),
            new Place("us", "90210", "United States", "Beverly Hills", "California", "CA", 34.0901, -118.4065),
            new Place("us", "60601", "United States", "Chicago", "Illinois", "IL", 41.8858, -87.6181),
            new Place("us", "98101", "United States", "Seattle", "Washington", "WA", 47.6114, -122.3305),
            new Place("fr", "75001", "France", "Paris", "Île-de-France", "11", 48.8625, 2.3364),
            new Place("de", "10115", "Germany", "Berlin", "Berlin", "BE", 52.5323, 13.3846),
            new Place("be", "1000", "Belgium", "Brussels", "Bruxelles-Capitale", "BRU", 50.8466, 4.3528),
            new Place("au", "2000", "Australia", "Sydney", "New South Wales", "NSW", -33.8688, 151.2093),
            new Place("jp", "100-0001", "Japan", "Tokyo", "Tokyo To", "13", 35.6852, 139.7528));

    private static final Map<String, Place> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(p -> key(p.country(), p.zip()), Function.identity()));

    private static final Map<String, String> COUNTRY_NAMES = Map.ofEntries(
            Map.entry("us", "United States"), Map.entry("fr", "France"), Map.entry("de", "Germany"),
            Map.entry("be", "Belgium"), Map.entry("au", "Australia"), Map.entry("jp", "Japan"),
            Map.entry("gb", "Great Britain"), Map.entry("ca", "Canada"), Map.entry("es", "Spain"),
            Map.entry("it", "Italy"), Map.entry("nl", "Netherlands"), Map.entry("ch", "Switzerland"));

    private KnownPlaces() {
    }

    /** All known places, in a stable order. */
    public static List<Place> all() {
        return ALL;
    }

    /** The known place for this pair, if it is in the table. */
    public static Optional<Place> find(String country, String zip) {
        return Optional.ofNullable(BY_KEY.get(key(country, zip)));
    }

    /** English country name for a few codes; the upper-cased code otherwise. */
    static String countryName(String country) {
        return COUNTRY_NAMES.getOrDefault(country.toLowerCase(Locale.ROOT), country.toUpperCase(Locale.ROOT));
    }

    private static String key(String country, String zip) {
        return country.toLowerCase(Locale.ROOT) + "/" + zip.trim();
    }
}
