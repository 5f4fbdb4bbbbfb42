package dev.loadlab.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportsTest {
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final Query PORTLAND = Query.of("97201", "us");
    private static final Location LOCATION = new Location("Portland", 45.5074, -122.6894);

    @Test
    void converts_utc_12_hour_times_to_local_24_hour_times_in_winter() {
        SunReport report = new Reports(TestService.WINTER_DAY, LOS_ANGELES).sun(PORTLAND, LOCATION, times("3:30:00 PM"));

        assertThat(report.sunrise()).isEqualTo("07:30:00");   // UTC-8
        assertThat(report.dayLength()).isEqualTo("09:38:53");
        assertThat(report.timeZone()).isEqualTo("America/Los_Angeles");
    }

    @Test
    void uses_the_clock_date_so_summer_time_applies_in_july() {
        Clock july = Clock.fixed(Instant.parse("2025-07-15T20:00:00Z"), ZoneOffset.UTC);

        SunReport report = new Reports(july, LOS_ANGELES).sun(PORTLAND, LOCATION, times("12:05:00 PM"));

        assertThat(report.sunrise()).isEqualTo("05:05:00");   // UTC-7
    }

    @Test
    void midnight_and_noon_on_the_12_hour_clock_are_read_correctly() {
        Reports reports = new Reports(TestService.WINTER_DAY, ZoneOffset.UTC);

        assertThat(reports.sun(PORTLAND, LOCATION, times("12:00:01 AM")).sunrise()).isEqualTo("00:00:01");
        assertThat(reports.sun(PORTLAND, LOCATION, times("12:00:01 PM")).sunrise()).isEqualTo("12:00:01");
    }

    @Test
    void unreadable_sun_time_is_a_malformed_sun_upstream_answer() {
        Reports reports = new Reports(TestService.WINTER_DAY, LOS_ANGELES);

        assertThatThrownBy(() -> reports.sun(PORTLAND, LOCATION, times("25:00")))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.upstream()).isEqualTo(Upstream.SUN);
                    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.MALFORMED);
                });
    }

    private static SunTimes times(String sunrise) {
        return new SunTimes(sunrise, "5:05:55 PM", "12:16:28 PM", "9:38:53", "6:58:12 AM", "5:34:45 PM",
                            "6:25:20 AM", "6:07:37 PM", "5:53:30 AM", "6:39:27 PM");
    }
}
