package dev.hedge.core.resilience;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A model's retry budget: every request deposits {@code ratio} of a retry, every retry withdraws one, and
 * a reserve of {@code minimum} retries is there from the start. In an outage retries therefore add at most
 * {@code ratio} to the load plus the reserve, instead of multiplying it. The balance never exceeds
 * {@code max(minimum, 10)} plus what ten requests deposit. Lock-free, thread-safe.
 */
public final class RetryBudget {

    private static final long ONE = 1000;

    private final long deposit;
    private final long cap;
    private final AtomicLong balance;

    public RetryBudget(double ratio, int minimum) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio: %s (expected: 0 to 1)".formatted(ratio));
        }
        if (minimum < 0) {
            throw new IllegalArgumentException("minimum: %s (expected: >= 0)".formatted(minimum));
        }
        this.deposit = Math.round(ratio * ONE);
        this.cap = Math.max(minimum, 10) * ONE + 10 * deposit;
        this.balance = new AtomicLong(minimum * ONE);
    }

    /** A request arrived: it earns a share of a retry. */
    public void onRequest() {
        balance.accumulateAndGet(deposit, (now, add) -> Math.min(cap, now + add));
    }

    /** Takes one retry from the budget; false when it is spent. */
    public boolean tryRetry() {
        while (true) {
            long now = balance.get();
            if (now < ONE) {
                return false;
            }
            if (balance.compareAndSet(now, now - ONE)) {
                return true;
            }
        }
    }

    /** Whole retries left. */
    public long available() {
        return balance.get() / ONE;
    }
}
