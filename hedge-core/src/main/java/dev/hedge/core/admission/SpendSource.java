package dev.hedge.core.admission;

import java.time.Instant;

/**
 * What a budget scope has already spent, from the ledger: where a counter starts when a process first sees a
 * budget window (after a start, or when a shared counter expired). Blocks on I/O.
 */
@FunctionalInterface
public interface SpendSource {

    SpendSource NONE = (scope, since) -> 0;

    /**
     * @param scope {@code key:<id>} or {@code team:<name>}
     * @return micro-dollars spent by requests received at or after {@code since}
     */
    long spentMicroUsd(String scope, Instant since);
}
