package dev.loadlab.service;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /api/{mode}/{sun|weather|city}/{zip}/{country}} and the mode-less demo URLs
 * {@code /api/{sun|weather|city}/{zip}/{country}} (served by {@code service.default-mode}).
 * Validates the path, picks the mode, bounds in-flight requests, writes JSON and counts the answer.
 */
public final class SunService implements HttpService {
    private final Map<Mode, SunApi> apis;
    private final Map<Mode, InFlight> inFlight;
    private final Mode defaultMode;
    private final ServiceMetrics metrics;
    private final BlockingSunApi blocking;
    private final AsyncSunApi async;
    private final NonBlockingUpstreams nonBlockingUpstreams;
    private final Degradation degradation;
    private final boolean closeShedConnections;

    private SunService(ServiceSettings settings,
                       Upstreams upstreams,
                       NonBlockingUpstreams nonBlockingUpstreams,
                       Clock clock,
                       ServiceMetrics metrics) {
        Reports reports = new Reports(clock, settings.timeZone());
        // degrade.pinning (proof only): the modes whose upstream calls park virtual threads make them pinned;
        // eventloop's calls park no thread, so there is nothing to pin
        Upstreams onVirtualThreads = settings.degradation().pinning()
                ? new PinnedUpstreams(upstreams, Pinning.forThisJdk()) : upstreams;
        this.blocking = new BlockingSunApi(upstreams, reports, settings.blockingPoolSize(), settings.blockingQueueSize());
        this.async = new AsyncSunApi(onVirtualThreads, reports);
        this.nonBlockingUpstreams = nonBlockingUpstreams;
        this.apis = new EnumMap<>(Map.of(Mode.BLOCKING, blocking,
                                         Mode.VIRTUAL, new VirtualSunApi(onVirtualThreads, reports),
                                         Mode.ASYNC, async,
                                         Mode.EVENTLOOP, new EventLoopSunApi(nonBlockingUpstreams, reports)));
        // Every mode sheds with one atomic counter before it does any work: blocking admits its pool plus its
        // queue, so a full pool is never found out by a rejected submit (a contended lock and two exceptions
        // per shed request, which under a retry storm cost more than serving); the others their in-flight limit.
        this.inFlight = new EnumMap<>(Map.of(
                Mode.BLOCKING, new InFlight(settings.blockingPoolSize() + settings.blockingQueueSize(),
                                            "blocking pool busy: " + settings.blockingPoolSize() + " threads and "
                                                    + settings.blockingQueueSize() + " queued"),
                Mode.VIRTUAL, new InFlight(settings.virtualMaxInFlight(),
                                           "virtual mode has " + settings.virtualMaxInFlight() + " requests in flight"),
                Mode.ASYNC, new InFlight(settings.asyncMaxInFlight(),
                                         "async mode has " + settings.asyncMaxInFlight() + " requests in flight"),
                Mode.EVENTLOOP, new InFlight(settings.eventLoop().maxInFlight(),
                                             "eventloop mode has " + settings.eventLoop().maxInFlight() + " requests in flight")));
        this.defaultMode = settings.defaultMode();
        this.degradation = settings.degradation();
        this.closeShedConnections = settings.closeShedConnections();
        if (degradation.active()) {
            System.getLogger(SunService.class.getName()).log(System.Logger.Level.WARNING,
                    "DEGRADED on purpose (" + degradation + "): proof-only settings for the lab's CI gate");
        }
        this.metrics = metrics;
        inFlight.forEach((mode, counter) -> metrics.inflightGauge(mode, counter::current));
        metrics.blockingPoolGauges(blocking::activeThreads, blocking::queueDepth);
    }

    /**
     * Create the service and its four modes.
     *
     * @param settings             validated settings
     * @param upstreams            blocking upstream calls of the blocking, virtual and async modes (real clients, or
     *                             a decorator in tests)
     * @param nonBlockingUpstreams non-blocking upstream calls of the eventloop mode; the service closes them after
     *                             it has stopped
     * @param clock                gives today's date for sun-time conversion
     * @param metrics              meters
     * @return service
     */
    public static SunService create(ServiceSettings settings,
                                    Upstreams upstreams,
                                    NonBlockingUpstreams nonBlockingUpstreams,
                                    Clock clock,
                                    ServiceMetrics metrics) {
        return new SunService(settings, upstreams, nonBlockingUpstreams, clock, metrics);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{mode}/sun/{zip}/{country}", this::sun)
                .get("/{mode}/weather/{zip}/{country}", this::weather)
                .get("/{mode}/city/{zip}/{country}", this::city)
                .get("/sun/{zip}/{country}", this::sun)
                .get("/weather/{zip}/{country}", this::weather)
                .get("/city/{zip}/{country}", this::city)
                .any(this::unknown);
    }

    @Override
    public void afterStop() {
        // the server has let its in-flight requests finish (server.shutdown-grace-period) before this runs
        blocking.close();
        async.close();
        nonBlockingUpstreams.close();
    }

    private void sun(ServerRequest req, ServerResponse res) {
        serve(req, res, "sun", SunApi::sun);
    }

    private void weather(ServerRequest req, ServerResponse res) {
        serve(req, res, "weather", SunApi::weather);
    }

    private void city(ServerRequest req, ServerResponse res) {
        serve(req, res, "city", SunApi::city);
    }

    private void unknown(ServerRequest req, ServerResponse res) {
        ErrorMapping.send(res, new UnknownRouteException(
                "no such endpoint " + req.path().path() + "; use /api/{" + Mode.ALLOWED
                        + "}/{sun|weather|city}/{zip}/{country}"));
    }

    private void serve(ServerRequest req, ServerResponse res, String endpoint, BiFunction<SunApi, Query, Object> work) {
        Optional<String> modeLabel = req.path().pathParameters().first("mode").asOptional();
        Optional<Mode> mode = modeLabel.map(label -> Mode.parse(label)).orElse(Optional.of(defaultMode));
        if (mode.isEmpty()) {
            ErrorMapping.send(res, new UnknownRouteException(
                    "unknown mode '" + modeLabel.get() + "' (allowed: " + Mode.ALLOWED + ")"));
            return;
        }
        Status status;
        try {
            Query query = Query.of(req.path().pathParameters().get("zip"), req.path().pathParameters().get("country"));
            InFlight counter = inFlight.get(mode.get());
            if (!counter.tryEnter()) {
                throw new OverloadedException(counter.whenFull());
            }
            Object body;
            try {
                body = work.apply(apis.get(mode.get()), query);
                degradation.apply();
            } finally {
                counter.exit();
            }
            status = Status.OK_200;
            Json.send(res, status, body);
        } catch (OverloadedException e) {
            if (closeShedConnections) {
                // A client that retries at once must reconnect: it queues behind new connections (health
                // probes included) at accept instead of keeping its carrier hot (docs/RELIABILITY.md).
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            status = ErrorMapping.send(res, e);
        } catch (RuntimeException e) {
            status = ErrorMapping.send(res, e);
        }
        metrics.request(mode.get().label(), endpoint, status.code());
    }
}
