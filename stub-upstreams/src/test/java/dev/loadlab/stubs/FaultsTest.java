package dev.loadlab.stubs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each fault kind at share 1.0, faults per API, and a split share. */
class FaultsTest {
    @RegisterExtension
    static final StubUpstreamsExtension STUBS = new StubUpstreamsExtension(
            StubConfig.builder().latencyMs(0).slowMs(3_000).build());

    private static final String SUN_PATH = "/json?lat=45.5&lng=-122.6&date=today";

    @Test
    void http500_share_1_answers_500() {
        withFault(FaultKind.HTTP500);

        HttpResponse<String> response = Http.get(STUBS.sunUrl() + SUN_PATH);
        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void http503_share_1_answers_503() {
        withFault(FaultKind.HTTP503);

        assertThat(Http.get(STUBS.sunUrl() + SUN_PATH).statusCode()).isEqualTo(503);
    }

    @Test
    void reset_share_1_resets_the_connection() {
        withFault(FaultKind.RESET);

        assertThatThrownBy(() -> Http.get(STUBS.sunUrl() + SUN_PATH))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void malformed_share_1_answers_200_with_unparseable_json() {
        withFault(FaultKind.MALFORMED);

        HttpResponse<String> response = Http.get(STUBS.sunUrl() + SUN_PATH);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Http.json(response.body())).isInstanceOf(RuntimeException.class);
    }

    @Test
    void slow_share_1_outlasts_a_client_timeout() {
        withFault(FaultKind.SLOW);

        assertThatThrownBy(() -> Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(STUBS.sunUrl() + SUN_PATH)).timeout(Duration.ofMillis(300)).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void faults_apply_only_to_their_api() {
        withFault(FaultKind.HTTP500);

        assertThat(Http.get(STUBS.locationUrl() + "/us/97201").statusCode()).isEqualTo(200);
        assertThat(Http.get(STUBS.weatherUrl() + "/data/2.5/weather?zip=97201,us").statusCode()).isEqualTo(200);
    }

    @Test
    void a_share_below_1_faults_roughly_that_share_of_requests() {
        STUBS.update(STUBS.stubs().config().toBuilder().fault(Api.LOCATION, FaultKind.HTTP503, 0.5).build());

        int faults = 0;
        for (int i = 0; i < 100; i++) {
            if (Http.get(STUBS.locationUrl() + "/us/97201").statusCode() == 503) {
                faults++;
            }
        }
        assertThat(faults).isBetween(25, 75);
    }

    @Test
    void faults_are_off_by_default() {
        for (Api api : Api.values()) {
            assertThat(StubConfig.defaults().faults(api).isNone()).isTrue();
        }
        assertThat(Http.get(STUBS.sunUrl() + SUN_PATH).statusCode()).isEqualTo(200);
    }

    private static void withFault(FaultKind kind) {
        STUBS.update(STUBS.stubs().config().toBuilder().fault(Api.SUN, kind, 1.0).build());
    }
}
