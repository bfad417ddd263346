package dev.hedge.core.admission;

import dev.hedge.core.metering.Cost;

/**
 * A spending limit.
 *
 * @param limitMicroUsd the most that may be spent per period, in micro-dollars ({@code >= 0})
 */
public record Budget(long limitMicroUsd, BudgetPeriod period) {

    public Budget {
        if (limitMicroUsd < 0) {
            throw new IllegalArgumentException("budget: %s micro-USD (expected: >= 0)".formatted(limitMicroUsd));
        }
    }

    @Override
    public String toString() {
        return "$" + Cost.usd(limitMicroUsd).stripTrailingZeros().toPlainString() + " " + period.configName();
    }
}
