package com.example.quote;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.quote.Options.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    private static final List<String> UPSTREAMS = List.of("--pricing-url", "http://127.0.0.1:8081",
                                                          "--inventory-url", "http://127.0.0.1:8082/",
                                                          "--shipping-url=http://127.0.0.1:8083/api");

    @Test
    void defaults_to_blocking_on_32_threads_and_async_to_4() {
        Options blocking = parse(List.of());
        assertThat(blocking).isEqualTo(new Options("127.0.0.1", 8080, Mode.BLOCKING, 32,
                                                   URI.create("http://127.0.0.1:8081"),
                                                   URI.create("http://127.0.0.1:8082/"),
                                                   URI.create("http://127.0.0.1:8083/api"),
                                                   Duration.ofSeconds(2), false));
        assertThat(parse(List.of("--mode", "async")).threads()).isEqualTo(4);
        assertThat(parse(List.of("--mode=async", "--threads=7")).threads()).isEqualTo(7);
    }

    @Test
    void reads_every_option_in_both_spellings() {
        Options options = parse(List.of("--host", "0.0.0.0", "--port=0", "--upstream-timeout", "250ms",
                                        "--slip-blocking-call"));

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isZero();
        assertThat(options.upstreamTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.slipBlockingCall()).isTrue();
    }

    @Test
    void the_slip_knob_also_comes_from_the_environment() {
        assertThat(Options.parse(UPSTREAMS, Map.of(Options.SLIP_ENV, "true")).slipBlockingCall()).isTrue();
        assertThat(Options.parse(UPSTREAMS, Map.of(Options.SLIP_ENV, "false")).slipBlockingCall()).isFalse();
        assertThatThrownBy(() -> Options.parse(UPSTREAMS, Map.of(Options.SLIP_ENV, "yes")))
                .hasMessage("QUOTE_SLIP_BLOCKING_CALL must be true or false, got 'yes'");
    }

    @Test
    void refuses_bad_options_with_a_message_naming_the_option() {
        assertRefused(List.of("--mode", "fast"), "--mode must be blocking or async, got 'fast'");
        assertRefused(List.of("--threads", "0"), "--threads must be a whole number from 1 to 1024, got '0'");
        assertRefused(List.of("--port", "http"), "--port must be a whole number from 0 to 65535, got 'http'");
        assertRefused(List.of("--upstream-timeout", "2"),
                      "--upstream-timeout must be a positive duration such as 2s or 500ms, got '2'");
        assertRefused(List.of("--pricing-url", "127.0.0.1:8081"),
                      "--pricing-url must be an http(s) base URL, e.g. --pricing-url http://127.0.0.1:8081,"
                      + " got '127.0.0.1:8081'");
        assertRefused(List.of("--verbose"), "unknown option '--verbose' (--help lists the options)");
        assertRefused(List.of("--threads"), "--threads needs a value");
    }

    @Test
    void every_upstream_url_is_required() {
        assertThatThrownBy(() -> Options.parse(UPSTREAMS.subList(0, 4), Map.of()))
                .hasMessage("--shipping-url is required, e.g. --shipping-url http://127.0.0.1:8083");
    }

    private static Options parse(List<String> more) {
        List<String> args = new ArrayList<>(UPSTREAMS);
        args.addAll(more);
        return Options.parse(args, Map.of());
    }

    private static void assertRefused(List<String> more, String message) {
        assertThatThrownBy(() -> parse(more)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
