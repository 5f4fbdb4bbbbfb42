package dev.loadlab.stubs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line options of {@link StubUpstreamsMain}, parsed by hand into a {@link StubConfig}. The lab parses
 * its own latency options with {@link #parseConfig} so that its bound always matches what the stub does.
 */
public final class StubCli {
    static final String USAGE = """
            Usage: java -jar stub-upstreams.jar [options]
            Fake location, sun and weather APIs on one WireMock server, plus one server per mapped upstream.
            Prints one 'ready ...' line, then runs until killed.

              --host ADDR               bind address (default 127.0.0.1)
              --port N                  TCP port, 0 = any free port (default 0)
              --latency-ms N            latency of every API in ms (default 100)
              --location-latency-ms N   latency of the location API (overrides --latency-ms)
              --sun-latency-ms N        latency of the sun API (overrides --latency-ms)
              --weather-latency-ms N    latency of the weather API (overrides --latency-ms)
              --profile P               fixed | seed | lognormal | uniform (default fixed)
              --sigma S                 lognormal shape, > 0 (default 0.1)
              --spread-ms N             uniform: latency +/- N ms (default 20)
              --fault API:KIND=SHARE    repeatable; API location|sun|weather, KIND http500|http503|reset|malformed|slow,
                                        SHARE 0..1, e.g. --fault sun:http503=0.05
              --slow-ms N               delay of a 'slow' fault in ms (default 30000)
              --async-threads N         WireMock asynchronous response threads (default 16)
              --container-threads N     Jetty worker threads (default 64)
              --accept-queue-size N     listen backlog (default 1024)
              --mapped-upstreams FILE   JSON list of upstreams made of WireMock mapping files, each served on its
                                        own free port with a latency profile and faults (docs/CONTRACTS.md)
              --help                    print this help and exit
            Latency and faults can be changed at run time: GET/POST {admin}/loadlab/config (see README.md).
            """;

    /** Bad command line: the message names the problem and the fix. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private StubCli() {
    }

    /**
     * The config the given options describe.
     *
     * @throws IllegalArgumentException naming the bad option and the fix
     */
    public static StubConfig parseConfig(String... args) {
        try {
            return parse(args).orElseThrow(() -> new IllegalArgumentException("--help is not a configuration"));
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * @return the config, or empty if {@code --help} was asked for
     */
    static Optional<StubConfig> parse(String... args) throws UsageException {
        StubConfig.Builder b = StubConfig.builder();
        Integer allLatency = null;
        Integer[] apiLatency = new Integer[Api.values().length];
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                return Optional.empty();
            }
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "': options start with --, see --help");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value: e.g. " + example(name));
                }
                value = args[++i];
            }
            try {
                switch (name) {
                    case "--host" -> b.host(value);
                    case "--port" -> b.port(integer(name, value));
                    case "--latency-ms" -> allLatency = integer(name, value);
                    case "--location-latency-ms" -> apiLatency[Api.LOCATION.ordinal()] = integer(name, value);
                    case "--sun-latency-ms" -> apiLatency[Api.SUN.ordinal()] = integer(name, value);
                    case "--weather-latency-ms" -> apiLatency[Api.WEATHER.ordinal()] = integer(name, value);
                    case "--profile" -> b.profile(LatencyProfile.fromKey(value));
                    case "--sigma" -> b.sigma(number(name, value));
                    case "--spread-ms" -> b.spreadMs(integer(name, value));
                    case "--fault" -> fault(b, value);
                    case "--slow-ms" -> b.slowMs(integer(name, value));
                    case "--async-threads" -> b.asyncThreads(integer(name, value));
                    case "--container-threads" -> b.containerThreads(integer(name, value));
                    case "--accept-queue-size" -> b.acceptQueueSize(integer(name, value));
                    case "--mapped-upstreams" -> b.mappedUpstreams(MappedUpstream.read(Path.of(value)));
                    default -> throw new UsageException("unknown option '" + name + "': see --help for the options");
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(name + ": " + e.getMessage());
            }
        }
        if (allLatency != null) {
            b.latencyMs(allLatency);
        }
        for (Api api : Api.values()) {
            if (apiLatency[api.ordinal()] != null) {
                b.latencyMs(api, apiLatency[api.ordinal()]);
            }
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void fault(StubConfig.Builder b, String spec) throws UsageException {
        int colon = spec.indexOf(':');
        int eq = spec.indexOf('=');
        if (colon <= 0 || eq < colon + 2 || eq == spec.length() - 1) {
            throw new UsageException("--fault '" + spec + "' is not API:KIND=SHARE: use e.g. --fault sun:http503=0.05");
        }
        Api api = Api.fromKey(spec.substring(0, colon));
        FaultKind kind = FaultKind.fromKey(spec.substring(colon + 1, eq));
        b.fault(api, kind, number("--fault share", spec.substring(eq + 1)));
    }

    private static int integer(String name, String value) throws UsageException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " '" + value + "' is not a whole number: use e.g. " + example(name));
        }
    }

    private static double number(String name, String value) throws UsageException {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " '" + value + "' is not a number: use e.g. " + example(name));
        }
    }

    private static String example(String name) {
        return switch (name) {
            case "--host" -> "--host 127.0.0.1";
            case "--profile" -> "--profile lognormal";
            case "--sigma" -> "--sigma 0.25";
            case "--fault" -> "--fault sun:http503=0.05";
            case "--port" -> "--port 8089";
            case "--mapped-upstreams" -> "--mapped-upstreams target/mapped-upstreams.json";
            default -> name.startsWith("--fault") ? "--fault sun:http503=0.05" : name + " 100";
        };
    }
}
