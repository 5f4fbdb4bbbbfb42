package dev.loadlab.service;

/**
 * Proof-only ({@code degrade.pinning=true}): every upstream call made pinned ({@link Pinning}), for the modes whose
 * calls run on virtual threads (virtual and async). Blocking's platform threads have no carrier to pin.
 */
final class PinnedUpstreams implements Upstreams {
    private final Upstreams upstreams;
    private final Pinning pinning;

    PinnedUpstreams(Upstreams upstreams, Pinning pinning) {
        this.upstreams = upstreams;
        this.pinning = pinning;
    }

    @Override
    public Location location(Query query) {
        return pinning.around(query, () -> upstreams.location(query));
    }

    @Override
    public SunTimes sun(Location location) {
        return pinning.around(location, () -> upstreams.sun(location));
    }

    @Override
    public Weather weather(Query query) {
        return pinning.around(query, () -> upstreams.weather(query));
    }
}
