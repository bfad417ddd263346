package dev.hedge.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final ManualTicker ticker = new ManualTicker();
    private final CircuitBreaker breaker = CircuitBreaker.of(
            new BreakerSettings(3, 50, 10, 6, Duration.ofSeconds(30), 2), ticker);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breaker.tryAcquirePermission().orElseThrow().onFailure();
        }
    }

    private void succeed(int times) {
        for (int i = 0; i < times; i++) {
            breaker.tryAcquirePermission().orElseThrow().onSuccess();
        }
    }

    @Test
    void opensAfterConsecutiveFailuresAndRefusesUntilItsWaitIsOver() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isEmpty();

        ticker.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquirePermission()).isEmpty();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void opensOnFailureRateOverTheWindowOnceItHoldsEnoughCalls() {
        // alternating: never three in a row, but half of the calls fail
        for (int i = 0; i < 3; i++) {
            succeed(1);
            fail(1);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void successesInBetweenKeepItClosedBelowTheRate() {
        for (int i = 0; i < 20; i++) {
            succeed(2);
            fail(1);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpenLetsOnlyTheProbesThroughAndClosesWhenTheySucceed() {
        fail(3);
        ticker.advance(Duration.ofSeconds(30));
        CircuitBreaker.Permit first = breaker.tryAcquirePermission().orElseThrow();
        CircuitBreaker.Permit second = breaker.tryAcquirePermission().orElseThrow();
        assertThat(breaker.tryAcquirePermission()).as("only two probes").isEmpty();

        first.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("a succeeded probe does not free a slot").isEmpty();
        second.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquirePermission()).isPresent();
    }

    @Test
    void aFailedProbeOpensAgainForAnotherFullWait() {
        fail(3);
        ticker.advance(Duration.ofSeconds(30));
        breaker.tryAcquirePermission().orElseThrow().onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        ticker.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquirePermission()).isEmpty();
    }

    @Test
    void aReleasedProbeFreesItsSlotWithoutJudging() {
        fail(3);
        ticker.advance(Duration.ofSeconds(30));
        breaker.tryAcquirePermission().orElseThrow().release();
        breaker.tryAcquirePermission().orElseThrow();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void outcomesOfCallsPermittedBeforeTheLastChangeAreIgnored() {
        CircuitBreaker.Permit old = breaker.tryAcquirePermission().orElseThrow();
        fail(3);
        ticker.advance(Duration.ofSeconds(30));
        breaker.tryAcquirePermission().orElseThrow();
        old.onSuccess();
        old.onSuccess();
        assertThat(breaker.state()).as("a stale success does not close a half-open breaker")
                .isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void aPermitAnswersOnce() {
        CircuitBreaker.Permit permit = breaker.tryAcquirePermission().orElseThrow();
        permit.onFailure();
        permit.onFailure();
        permit.onFailure();
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void concurrentFailuresOpenItExactlyOnceAndHalfOpenAdmitsExactlyTheProbes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1000; i++) {
                        breaker.tryAcquirePermission().ifPresent(CircuitBreaker.Permit::onFailure);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
            ticker.advance(Duration.ofSeconds(30));
            List<java.util.concurrent.Future<Integer>> probes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                probes.add(pool.submit(() -> {
                    int got = 0;
                    for (int i = 0; i < 100; i++) {
                        got += breaker.tryAcquirePermission().isPresent() ? 1 : 0;
                    }
                    return got;
                }));
            }
            int admitted = 0;
            for (var probe : probes) {
                admitted += probe.get(30, TimeUnit.SECONDS);
            }
            assertThat(admitted).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
