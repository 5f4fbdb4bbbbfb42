package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SunApiTest {
    @Test
    void formats_times_like_sunrise_sunset_org() {
        assertThat(SunApi.clock(0)).isEqualTo("12:00:00 AM");
        assertThat(SunApi.clock(12 * 60)).isEqualTo("12:00:00 PM");
        assertThat(SunApi.clock(7 * 60 + 27 + 2 / 60.0)).isEqualTo("7:27:02 AM");
        assertThat(SunApi.clock(17 * 60 + 5 + 55 / 60.0)).isEqualTo("5:05:55 PM");
        assertThat(SunApi.clock(-30)).as("wraps before midnight").isEqualTo("11:30:00 PM");
        assertThat(SunApi.clock(25 * 60)).as("wraps after midnight").isEqualTo("1:00:00 AM");
        assertThat(SunApi.duration(9 * 60 + 38 + 53 / 60.0)).isEqualTo("9:38:53");
        assertThat(SunApi.duration(24 * 60)).isEqualTo("24:00:00");
    }

    @Test
    void days_are_shorter_towards_the_winter_pole() {
        // fixed declination of -20 degrees: northern winter
        String north = SunApi.body(60, 0);
        String equator = SunApi.body(0, 0);
        String south = SunApi.body(-60, 0);
        assertThat(dayLength(north)).isLessThan(dayLength(equator));
        assertThat(dayLength(equator)).isLessThan(dayLength(south));
    }

    private static String dayLength(String body) {
        String value = Http.json(body).get("results").get("day_length").asText();
        return value.length() == 7 ? "0" + value : value; // pad H:MM:SS for string comparison
    }
}
