package dev.loadlab.lab.gate;

import java.nio.file.Path;

/** Ready-made run folders for tests outside this package. */
public final class GateFixtures {

    private GateFixtures() {
    }

    /**
     * An A/B run of the default rules' points where B's async throughput is ~16% lower at 8 users; the points
     * the pinning rule reads carry JFR evidence without a pinned event.
     */
    public static Path slowerB(Path dir) {
        return GateRunFixture.run()
                .trials("base-async", 8, 250, 1500, 36, 37, 35, 36.5, 37.5)
                .trials("head-async", 8, 290, 1500, 30, 31, 29.5, 30.5, 31.5)
                .trials("head-blocking", 32, 900, 1500, 37, 36.5)
                .trials("head-virtual", 32, 300, 1300, 139, 141)
                .trials("head-eventloop", 32, 300, 1000, 144, 146)
                .trials("base-async", 32, 300, 1200, 140, 145, 142, 141, 143)
                .trials("head-async", 32, 300, 1200, 141, 144, 143, 142, 140)
                .trials("base-async", 128, 400, 600, 598, 604, 601, 597, 603)
                .trials("head-async", 128, 400, 600, 590, 600, 610, 595, 605)
                .pinned("head-virtual", 32, 0, 0)
                .pinned("head-eventloop", 32, 0, 0)
                .pinned("head-async", 32, 0, 0, 0, 0, 0)
                .writeTo(dir);
    }
}
