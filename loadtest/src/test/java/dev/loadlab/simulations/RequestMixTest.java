package dev.loadlab.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request mix both sides of the JVM boundary hold: weights, the one request chosen by name, the file. */
class RequestMixTest {

    @TempDir
    Path dir;

    private final RequestMix mix = new RequestMix(
            Map.of("orders", new RequestMix.Feeder("/data/orders.csv", null, null)),
            List.of(request("quote", 3.0), request("cart", 1.0), request("health", 0.0)));

    @Test
    void shares_follow_the_weights_of_the_requests_that_are_sent() {
        assertThat(mix.sent()).extracting(RequestMix.Request::name).containsExactly("quote", "cart");
        assertThat(mix.shares()).containsExactly(Map.entry("quote", 0.75), Map.entry("cart", 0.25));
        assertThat(mix.label()).isEqualTo("mix");
    }

    @Test
    void one_request_chosen_by_name_takes_all_the_weight_even_a_weight_0_one() {
        RequestMix health = mix.only("health");
        assertThat(health.shares()).containsExactly(Map.entry("health", 1.0));
        assertThat(health.label()).isEqualTo("health");
        assertThat(health.feeders()).isEqualTo(mix.feeders());
        assertThatThrownBy(() -> mix.only("nope")).hasMessage("no request named 'nope'");
    }

    @Test
    void the_file_the_lab_writes_is_the_mix_the_simulation_reads() {
        Path file = dir.resolve("requests.json");
        mix.write(file);
        assertThat(RequestMix.read(file)).isEqualTo(mix);
    }

    @Test
    void a_file_with_a_field_the_simulation_does_not_know_is_refused() throws Exception {
        Path file = dir.resolve("requests.json");
        java.nio.file.Files.writeString(file, "{\"requests\": [{\"name\": \"q\", \"path\": \"/q\", \"wieght\": 2}]}");
        assertThatThrownBy(() -> RequestMix.read(file)).hasMessageContaining("wieght");
    }

    private static RequestMix.Request request(String name, double weight) {
        return new RequestMix.Request(name, "GET", "/" + name + "/#{sku}", Map.of(), null, 200, weight, null, null);
    }
}
