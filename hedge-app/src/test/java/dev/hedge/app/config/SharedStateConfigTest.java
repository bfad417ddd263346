package dev.hedge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cluster-mode keys: {@code shared-state}, {@code shared-state-failure}, -prefix, -timeout. */
class SharedStateConfigTest {

    private static HedgeConfig parse(String yaml) {
        return new ConfigLoader(name -> Optional.empty()).parse(yaml, Optional.empty());
    }

    @Test
    void withoutSharedStateBudgetsAreCountedInThisProcess() {
        HedgeConfig config = parse("");
        assertThat(config.sharedState().redisUrl()).isEmpty();
        assertThat(config.sharedState().failOpen()).isFalse();
    }

    @Test
    void readsRedisFailureModePrefixAndTimeout() {
        HedgeConfig config = parse("""
                shared-state: redis://127.0.0.1:6379
                shared-state-failure: open
                shared-state-prefix: "team-a:"
                shared-state-timeout: 500ms
                """);
        assertThat(config.sharedState().redisUrl()).contains("redis://127.0.0.1:6379");
        assertThat(config.sharedState().failOpen()).isTrue();
        assertThat(config.sharedState().prefix()).isEqualTo("team-a:");
        assertThat(config.sharedState().timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse("shared-state: http://127.0.0.1:6379"))
                .hasMessageContaining("shared-state: 'http://127.0.0.1:6379' (expected: redis://host:port)");
        assertThatThrownBy(() -> parse("shared-state-failure: maybe"))
                .hasMessageContaining("shared-state-failure: 'maybe' (expected: closed or open)");
        assertThatThrownBy(() -> parse("shared-state-timeout: 0s"))
                .hasMessageContaining("shared-state-timeout").hasMessageContaining("expected: > 0");
        assertThatThrownBy(() -> parse("shared-state: redis-x://user:hunter2@host"))
                .hasMessageNotContaining("hunter2");
    }
}
