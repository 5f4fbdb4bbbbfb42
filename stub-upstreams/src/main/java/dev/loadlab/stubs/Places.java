package dev.loadlab.stubs;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves any zip/country pair to a place, deterministically: known pairs from {@link KnownPlaces},
 * others from a hash of zip and country. Zips made only of zeros are unknown.
 */
public final class Places {
    private Places() {
    }

    /**
     * @return the place, or empty for the "unknown zip" case (a zip made only of zeros, or blank)
     */
    public static Optional<Place> resolve(String country, String zip) {
        String c = country.trim().toLowerCase(Locale.ROOT);
        String z = zip.trim();
        if (isUnknownZip(z) || c.isEmpty()) {
            return Optional.empty();
        }
        return KnownPlaces.find(c, z).or(() -> Optional.of(hashed(c, z)));
    }

    /** True for a blank zip or one made only of zeros (separators such as '-' and ' ' ignored), e.g. 00000. */
    public static boolean isUnknownZip(String zip) {
        String digits = zip.replace("-", "").replace(" ", "");
        return digits.isEmpty() || digits.chars().allMatch(ch -> ch == '0');
    }

    private static Place hashed(String country, String zip) {
        long h = hash(zip + "," + country);
        double latitude = round4(-60.0 + 120.0 * unit(h));
        double longitude = round4(-180.0 + 360.0 * unit(Long.rotateLeft(h, 21) * 0x9E3779B97F4A7C15L));
        int region = (int) Math.floorMod(h >>> 40, 50L) + 1;
        return new Place(country, zip, KnownPlaces.countryName(country), "Place " + zip,
                "Region " + region, "R" + region, latitude, longitude);
    }

    /** FNV-1a 64-bit over UTF-8 bytes: stable across JVMs and runs. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        // final mix (splitmix64) so nearby inputs spread over the whole range
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    /** Maps a hash to [0, 1). */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
