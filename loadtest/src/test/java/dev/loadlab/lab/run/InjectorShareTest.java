package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InjectorShareTest {

    @Test
    void users_split_exactly_so_the_shares_add_up_to_the_point() {
        for (int users = 1; users <= 70; users++) {
            for (int n = 1; n <= Math.min(users, 8); n++) {
                int of = n;
                PointSpec point = PointSpec.closed("async", users, 1, "http://127.0.0.1:1/api/async");
                int total = IntStream.range(0, of).map(i -> InjectorShare.of(point, i, of).share().concurrency()).sum();
                int min = IntStream.range(0, of).map(i -> InjectorShare.of(point, i, of).share().concurrency()).min()
                        .orElseThrow();
                assertThat(total).as(users + " users over " + of).isEqualTo(users);
                assertThat(users / of - min).isLessThanOrEqualTo(0);
            }
        }
        PointSpec five = PointSpec.closed("async", 5, 1, "u");
        assertThat(InjectorShare.of(five, 0, 2).share().concurrency()).isEqualTo(3);
        assertThat(InjectorShare.of(five, 1, 2).share().concurrency()).isEqualTo(2);
        assertThat(InjectorShare.of(five, 1, 2).phaseName("sun")).isEqualTo("sun-c2");
        assertThat(InjectorShare.of(five, 1, 2).folderName()).isEqualTo("injector-2");
    }

    @Test
    void a_rate_is_divided_evenly() {
        PointSpec point = PointSpec.open("blocking", 800, 2, "u");
        InjectorShare share = InjectorShare.of(point, 2, 4);
        assertThat(share.share().rateRps()).isEqualTo(200.0);
        assertThat(share.share().id()).isEqualTo("blocking-r200-2");
        assertThat(share.point().id()).isEqualTo("blocking-r800-2");
    }

    @Test
    void refuses_more_injectors_than_users_and_indexes_out_of_range() {
        PointSpec two = PointSpec.closed("async", 2, 1, "u");
        assertThatThrownBy(() -> InjectorShare.of(two, 2, 3)).isInstanceOf(LabException.class)
                .hasMessageContaining("cannot be split over 3 injectors");
        assertThatThrownBy(() -> InjectorShare.of(two, 2, 2)).isInstanceOf(LabException.class)
                .hasMessageContaining("0..1");
    }

    @Test
    void reads_point_ids_as_the_lab_writes_them() {
        assertThat(InjectorShare.parse("async-c512-1", "u")).isEqualTo(PointSpec.closed("async", 512, 1, "u"));
        assertThat(InjectorShare.parse("my-svc-r266.5-3", "u")).isEqualTo(PointSpec.open("my-svc", 266.5, 3, "u"));
        assertThat(InjectorShare.parse("blocking-r800-1", null).id()).isEqualTo("blocking-r800-1");
        assertThatThrownBy(() -> InjectorShare.parse("async-512", "u")).isInstanceOf(LabException.class)
                .hasMessageContaining("<variant>-c<users>-<repeat>");
        assertThatThrownBy(() -> InjectorShare.parse("async-c0-1", "u")).isInstanceOf(LabException.class)
                .hasMessageContaining("impossible level");
    }
}
