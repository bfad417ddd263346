package dev.hedge.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffAndBudgetTest {

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void doublesPerRetryUpToTheMaxWithJitterBetweenHalfAndAll() {
        assertThat(backoff.delay(1, Duration.ZERO, fixed(0))).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.delay(1, Duration.ZERO, fixed(0.999999))).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(backoff.delay(3, Duration.ZERO, fixed(0))).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(10, Duration.ZERO, fixed(0))).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(1000, Duration.ZERO, fixed(0))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void neverWaitsLessThanRetryAfter() {
        assertThat(backoff.delay(1, Duration.ofSeconds(3), fixed(0.5))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> backoff.delay(0, Duration.ZERO, fixed(0))).hasMessage("retry: 0 (expected: > 0)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("max: PT1S");
    }

    @Test
    void budgetSpendsItsReserveThenOnlyWhatRequestsEarn() {
        RetryBudget budget = new RetryBudget(0.2, 2);
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
        for (int i = 0; i < 4; i++) {
            budget.onRequest();
        }
        assertThat(budget.tryRetry()).as("four requests earn 0.8 of a retry").isFalse();
        budget.onRequest();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void budgetIsCapped() {
        RetryBudget budget = new RetryBudget(1, 0);
        for (int i = 0; i < 1000; i++) {
            budget.onRequest();
        }
        assertThat(budget.available()).isEqualTo(20);
    }
}
