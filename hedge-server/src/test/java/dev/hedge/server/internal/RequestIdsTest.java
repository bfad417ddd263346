package dev.hedge.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void idsMadeLaterSortLater() {
        String earlier = RequestIds.next(1_763_900_000_000L, -1L);
        String later = RequestIds.next(1_763_900_000_001L, 0L);
        assertThat(earlier).isLessThan(later);
        assertThat(earlier).matches("req_[0-9a-f]{24}");
        assertThat(earlier).startsWith("req_19ab");
    }

    @Test
    void idsOfTheSameMillisecondDifferByTheirRandomPart() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.next());
        }
        assertThat(ids).hasSize(10_000);
        assertThat(RequestIds.next(5L, 0x123L)).isNotEqualTo(RequestIds.next(5L, 0x124L));
    }
}
