package dev.hedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {

    private static final long MB = 1 << 20;

    private final AtomicLong used = new AtomicLong(40 * MB);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapTrim trim = new HeapTrim(used::get, inFlight::get, started::get, () -> {
        collections.incrementAndGet();
        used.set(45 * MB); // what is live
    }, false);

    @Test
    void collectsOnceTheServerWasIdleForAPeriodAfterTheOldGenerationGrew() {
        inFlight.set(3_000);
        started.addAndGet(5_000);
        used.set(300 * MB);
        trim.check();
        assertThat(collections).as("requests in flight").hasValue(0);

        inFlight.set(0);
        trim.check();
        assertThat(collections).as("none in flight now, but some were at the last check").hasValue(0);
        trim.check();
        assertThat(collections).hasValue(1);
        assertThat(used.get()).isEqualTo(45 * MB);

        trim.check();
        trim.check();
        assertThat(collections).as("nothing grew since").hasValue(1);
    }

    @Test
    void lightSteadyTrafficIsNeverPaused() {
        used.set(300 * MB);
        for (int i = 0; i < 10; i++) {
            started.incrementAndGet(); // one short request per period, none in flight at any check
            trim.check();
        }
        assertThat(collections).hasValue(0);
    }

    @Test
    void aRequestTakenAndAnsweredBetweenTwoChecksIsNotIdleness() {
        used.set(300 * MB);
        trim.check();
        started.incrementAndGet();
        trim.check();
        assertThat(collections).hasValue(0);
        trim.check();
        assertThat(collections).hasValue(1);
    }

    @Test
    void growthBelowTheThresholdIsLeftAlone() {
        trim.check();
        used.set(40 * MB + HeapTrim.GROWTH_BYTES - 1);
        for (int i = 0; i < 5; i++) {
            trim.check();
        }
        assertThat(collections).hasValue(0);
        used.set(40 * MB + HeapTrim.GROWTH_BYTES);
        trim.check();
        assertThat(collections).hasValue(1);
    }

    @Test
    void aCollectionOfTheCollectorsOwnLowersTheBaseline() {
        trim.check();
        used.set(10 * MB); // the collector collected on its own
        trim.check();
        used.set(10 * MB + HeapTrim.GROWTH_BYTES);
        trim.check();
        assertThat(collections).hasValue(1);
    }

    @Test
    void theRunningJvmHasAnOldGenerationToWatch() {
        assertThat(HeapTrim.oldGeneration()).isPresent();
    }
}
