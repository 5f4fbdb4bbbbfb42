package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartBarrierTest {

    @TempDir
    Path barrier;

    @Test
    void injectors_arriving_at_different_times_agree_on_one_start_after_the_last_arrival() throws Exception {
        long before = System.currentTimeMillis();
        List<Long> agreed;
        try (ExecutorService injectors = Executors.newFixedThreadPool(3)) {
            List<CompletableFuture<Long>> starts = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                sleep(150L * i);
                return StartBarrier.await(barrier, i, 3, Duration.ofMillis(500), Duration.ofSeconds(10));
            }, injectors)).toList();
            agreed = starts.stream().map(CompletableFuture::join).distinct().toList();
        }

        assertThat(agreed).hasSize(1);
        assertThat(agreed.getFirst()).isGreaterThanOrEqualTo(before + 300 + 500);
        assertThat(StartBarrier.arrivals(barrier)).containsOnlyKeys(0, 1, 2);
    }

    @Test
    void gives_up_when_an_injector_never_arrives_and_refuses_a_used_barrier() {
        assertThatThrownBy(() -> StartBarrier.await(barrier, 0, 2, Duration.ZERO, Duration.ofMillis(300)))
                .isInstanceOf(LabException.class).hasMessageContaining("only 1 of 2 injectors");
        assertThatThrownBy(() -> StartBarrier.await(barrier, 0, 2, Duration.ZERO, Duration.ofMillis(300)))
                .isInstanceOf(LabException.class).hasMessageContaining("already used");
    }

    @Test
    void an_injector_that_gives_up_releases_the_others_at_once() {
        StartBarrier.giveUp(barrier, 1, "Gatling JVM exited before it was ready");

        assertThatThrownBy(() -> StartBarrier.await(barrier, 0, 2, Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(LabException.class).hasMessageContaining("gave up")
                .hasMessageContaining("injector 1: Gatling JVM exited");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
