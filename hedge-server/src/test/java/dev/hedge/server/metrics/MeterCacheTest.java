package dev.hedge.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeterCacheTest {

    @Test
    void theSameTagsCountOnOneMeterAndEveryCombinationPastTheBoundStillCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterCache<Counter> counters = new MeterCache<>(t -> Counter.builder("calls")
                .tag("model", t.get(0)).tag("status", t.get(1)).register(registry));
        counters.get("gpt-4o", "200").increment();
        counters.get("gpt-4o", "200").increment();
        counters.get("gpt-4o", "500").increment();
        assertThat(registry.get("calls").tags("model", "gpt-4o", "status", "200").counter().count()).isEqualTo(2);
        assertThat(registry.get("calls").tags("model", "gpt-4o", "status", "500").counter().count()).isEqualTo(1);
        assertThat(counters.get("gpt-4o", "500")).isSameAs(counters.get("gpt-4o", "500"));
        assertThat(counters.get("gpt-4o", "500")).isNotSameAs(counters.get("gpt-4o", "200"));
        for (int i = 0; i < MeterCache.MAX + 10; i++) {
            counters.get("model-" + i, "200").increment();
        }
        counters.get("model-" + (MeterCache.MAX + 5), "200").increment();
        assertThat(registry.get("calls").tags("model", "model-" + (MeterCache.MAX + 5), "status", "200").counter().count())
                .isEqualTo(2);
    }

    @Test
    void oneTagValueIsALevelOfItsOwn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterCache<Counter> counters = new MeterCache<>(t -> Counter.builder("firsts").tag("model", t.get(0))
                .register(registry));
        counters.get("a").increment();
        counters.get("b").increment();
        counters.get("a").increment();
        assertThat(counters.get("a")).isSameAs(counters.get("a"));
        assertThat(registry.get("firsts").tags("model", "a").counter().count()).isEqualTo(2);
        assertThat(registry.get("firsts").tags("model", "b").counter().count()).isEqualTo(1);
    }
}
