package com.example.quote;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line, read once and checked; a bad one is an IllegalArgumentException whose message is one line. */
record Options(String host, int port, Mode mode, int threads, URI pricingUrl, URI inventoryUrl, URI shippingUrl,
               Duration upstreamTimeout, boolean slipBlockingCall) {

    /** How a request waits for its upstreams; each mode has its own default pool size. */
    enum Mode {
        /** Thread-per-request: a pool thread holds the request and blocks on each upstream call in turn. */
        BLOCKING(32),
        /** Handler threads only start the calls; the answer is written when they complete. */
        ASYNC(4);

        final int defaultThreads;

        Mode(int defaultThreads) {
            this.defaultThreads = defaultThreads;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String SLIP_ENV = "QUOTE_SLIP_BLOCKING_CALL";
    static final String USAGE = """
            usage: java -jar quote-service.jar --pricing-url URL --inventory-url URL --shipping-url URL
                     [--mode blocking|async]   how requests wait for upstreams (default blocking)
                     [--threads N]             server threads (default 32 blocking, 4 async)
                     [--port P]                0 picks a free port (default 8080)
                     [--host H]                (default 127.0.0.1)
                     [--upstream-timeout T]    per upstream call, e.g. 2s or 500ms (default 2s)
                     [--slip-blocking-call]    PROOF ONLY: async mode blocks on shipping (also %s=true)"""
            .formatted(SLIP_ENV);

    private static final String SLIP_FLAG = "--slip-blocking-call";
    private static final Set<String> VALUED = Set.of("--host", "--port", "--mode", "--threads", "--pricing-url",
                                                     "--inventory-url", "--shipping-url", "--upstream-timeout");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s)");

    /** Options as {@code --name value} or {@code --name=value}; env supplies the slip knob's default. */
    static Options parse(List<String> args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        boolean slip = trueOrFalse(SLIP_ENV, env.getOrDefault(SLIP_ENV, "false"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(SLIP_FLAG)) {
                slip = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!VALUED.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "' (--help lists the options)");
            }
            if (equals < 0 && i + 1 == args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.put(name, equals < 0 ? args.get(++i) : arg.substring(equals + 1));
        }
        Mode mode = mode(values.getOrDefault("--mode", "blocking"));
        return new Options(host(values.getOrDefault("--host", "127.0.0.1")),
                           wholeNumber("--port", values.get("--port"), 8080, 0, 65535),
                           mode,
                           wholeNumber("--threads", values.get("--threads"), mode.defaultThreads, 1, 1024),
                           url("--pricing-url", values.get("--pricing-url"), 8081),
                           url("--inventory-url", values.get("--inventory-url"), 8082),
                           url("--shipping-url", values.get("--shipping-url"), 8083),
                           duration("--upstream-timeout", values.getOrDefault("--upstream-timeout", "2s")),
                           slip);
    }

    private static Mode mode(String value) {
        for (Mode mode : Mode.values()) {
            if (mode.toString().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--mode must be blocking or async, got '" + value + "'");
    }

    private static String host(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--host must name an interface, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return value;
    }

    private static int wholeNumber(String name, String value, int byDefault, int min, int max) {
        if (value == null) {
            return byDefault;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '"
                                           + value + "'");
    }

    private static URI url(String name, String value, int examplePort) {
        String example = "e.g. " + name + " http://127.0.0.1:" + examplePort;
        if (value == null) {
            throw new IllegalArgumentException(name + " is required, " + example);
        }
        try {
            URI url = new URI(value);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null
                    && url.getQuery() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below, like any other URL that is not a base URL
        }
        throw new IllegalArgumentException(name + " must be an http(s) base URL, " + example + ", got '" + value + "'");
    }

    private static Duration duration(String name, String value) {
        Matcher matcher = DURATION.matcher(value);
        if (matcher.matches() && Long.parseLong(matcher.group(1)) > 0) {
            long amount = Long.parseLong(matcher.group(1));
            return matcher.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
        }
        throw new IllegalArgumentException(name + " must be a positive duration such as 2s or 500ms, got '" + value
                                           + "'");
    }

    private static boolean trueOrFalse(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }
}
