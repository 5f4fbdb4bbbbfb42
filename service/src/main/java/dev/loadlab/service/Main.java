package dev.loadlab.service;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.logging.common.LogConfig;
import io.helidon.metrics.api.Metrics;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

/**
 * Starts the loadlab service. Arguments of the form {@code -Dkey=value} or {@code --key=value} override
 * configuration (as do system properties and environment variables), e.g.
 * {@code java -jar service.jar -Dserver.port=0 -Dupstreams.sun.base-url=http://127.0.0.1:9000/sun}.
 */
public final class Main {
    private Main() {
    }

    /**
     * Start the server, print {@code loadlab service ready at http://host:port} (and, with {@code management.port},
     * {@code health at http://host:port/health} on the same line); exit 2 on bad configuration.
     *
     * @param args configuration overrides
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        try {
            Config config = config(args);
            ServiceSettings settings = ServiceSettings.from(config);
            String host = config.get("server.host").asString().orElse("127.0.0.1");
            ManagementServer management = settings.management().enabled()
                    ? ManagementServer.start(host, settings.management().port(), SchedulerHeartbeat.start(),
                                             settings.management().stallLimit())
                    : null;
            WebServer server = start(config, settings);
            System.out.println("loadlab service ready at http://" + host + ":" + server.port()
                                       + (management == null ? ""
                                               : ", health at http://" + host + ":" + management.port()
                                                 + ManagementServer.HEALTH_PATH));
            System.out.flush();
        } catch (InvalidConfigException e) {
            System.err.println("loadlab service: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("loadlab service failed to start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Configuration: program arguments, then system properties, environment variables, {@code application.yaml}.
     *
     * @param args {@code -Dkey=value} or {@code --key=value}
     * @return config
     */
    static Config config(String[] args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            String kv = arg.startsWith("-D") ? arg.substring(2) : arg.startsWith("--") ? arg.substring(2) : null;
            int eq = kv == null ? -1 : kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidConfigException("argument", arg, "-Dkey=value or --key=value");
            }
            overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .addSource(ConfigSources.create(overrides, "arguments"))
                .addSource(ConfigSources.systemProperties())
                .addSource(ConfigSources.environmentVariables())
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /**
     * Validate settings, build the service and start the server. Helidon's shutdown hook stops the server;
     * in-flight requests get {@code server.shutdown-grace-period} to finish, then the mode executors and the
     * eventloop mode's HTTP client close.
     *
     * @param config   root config
     * @param settings the settings read from it
     * @return started server
     */
    static WebServer start(Config config, ServiceSettings settings) {
        choosePollers(settings);
        Services.set(Config.class, config);
        ServiceMetrics metrics = new ServiceMetrics(Metrics.globalRegistry());
        SunService service = SunService.create(settings, HttpUpstreams.create(settings, metrics),
                                               EventLoopUpstreams.create(settings, metrics), Clock.systemUTC(), metrics);
        return WebServer.builder()
                .config(config.get("server"))
                .directHandlers(jsonDirectHandlers())
                .routing(routing -> routing(routing, service))
                .build()
                .start();
    }

    /**
     * The JDK hands socket readiness to virtual threads that run on the same carriers as the connections (its
     * default from JDK 22 on Linux). Under a retry storm the connections they wake go to the carriers' local
     * queues and keep them busy, and a new connection (a health probe) waited seconds in the shared queue.
     * Platform-thread pollers wake every connection through that shared queue, first come first served
     * (docs/RELIABILITY.md, "Retry storm"). The JDK reads the property once, at the first virtual-thread
     * socket wait, which comes after this; an explicit {@code -Djdk.pollerMode} wins.
     */
    private static void choosePollers(ServiceSettings settings) {
        if (System.getProperty("jdk.pollerMode") == null) {
            System.setProperty("jdk.pollerMode", settings.platformIoPollers() ? "1" : "2");
        }
    }

    /**
     * All routes; tests reuse this.
     *
     * @param routing routing builder
     * @param service the sun service
     */
    static void routing(HttpRouting.Builder routing, SunService service) {
        routing.register("/api", service)
                .error(Exception.class, ErrorMapping::handle);
    }

    /**
     * Requests Helidon rejects before routing (unparseable request line, bad headers) also get a JSON body.
     */
    static DirectHandlers jsonDirectHandlers() {
        DirectHandler json = (request, eventType, defaultStatus, headers, message) -> {
            headers.set(HeaderValues.CONTENT_TYPE_JSON);
            Status status = defaultStatus;
            // Helidon hides the parser's message unless configured otherwise: name the status instead of null
            String error = message == null || message.isBlank() ? status.reasonPhrase() : message;
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .entity(Json.bytes(new ErrorMapping.ApiError(status, error, null).body()))
                    .build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, json);
        }
        return builder.build();
    }
}
