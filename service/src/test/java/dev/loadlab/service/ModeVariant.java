package dev.loadlab.service;

import java.util.Map;

/**
 * Every mode as the tests exercise it: the eventloop mode once per client candidate ({@code eventloop.client}), so
 * a test parametrized over these holds both candidates to the contract the other modes keep.
 */
enum ModeVariant {
    BLOCKING(Mode.BLOCKING, ServiceSettings.EventLoopClient.VERTX),
    VIRTUAL(Mode.VIRTUAL, ServiceSettings.EventLoopClient.VERTX),
    ASYNC(Mode.ASYNC, ServiceSettings.EventLoopClient.VERTX),
    EVENTLOOP_VERTX(Mode.EVENTLOOP, ServiceSettings.EventLoopClient.VERTX),
    EVENTLOOP_JDK(Mode.EVENTLOOP, ServiceSettings.EventLoopClient.JDK);

    private final Mode mode;
    private final ServiceSettings.EventLoopClient client;

    ModeVariant(Mode mode, ServiceSettings.EventLoopClient client) {
        this.mode = mode;
        this.client = client;
    }

    Mode mode() {
        return mode;
    }

    /** The eventloop client of the service that serves this variant (the default, vertx, for the other modes). */
    ServiceSettings.EventLoopClient client() {
        return client;
    }

    /** The setting that selects this variant's client. */
    Map<String, String> config() {
        return Map.of("eventloop.client", client.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code /api/{mode}} + the rest, e.g. {@code path("/sun/97201/us")}. */
    String path(String rest) {
        return "/api/" + mode.label() + rest;
    }
}
