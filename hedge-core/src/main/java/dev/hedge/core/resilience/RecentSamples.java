package dev.hedge.core.resilience;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@code size} samples of a measure (nanoseconds), for percentiles. Recording is one atomic
 * increment and one store; reading copies and sorts, so read for reports, not per request. Thread-safe.
 */
final class RecentSamples {

    private final AtomicLongArray samples;
    private final AtomicLong count = new AtomicLong();

    RecentSamples(int size) {
        this.samples = new AtomicLongArray(size);
    }

    void record(long value) {
        long index = count.getAndIncrement();
        samples.set((int) (index % samples.length()), value);
    }

    /** The mean of the last {@code n} recorded samples ({@code n} no more than the size). */
    double mean(long n) {
        long total = count.get();
        long sum = 0;
        for (long i = total - n; i < total; i++) {
            sum += samples.get((int) (i % samples.length()));
        }
        return (double) sum / n;
    }

    /** The {@code quantile} (0..1) of the recent samples; -1 when there are none. */
    long quantile(double quantile) {
        int n = (int) Math.min(count.get(), samples.length());
        if (n == 0) {
            return -1;
        }
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = samples.get(i);
        }
        Arrays.sort(copy);
        int rank = (int) Math.ceil(quantile * n) - 1;
        return copy[Math.max(0, Math.min(n - 1, rank))];
    }
}
