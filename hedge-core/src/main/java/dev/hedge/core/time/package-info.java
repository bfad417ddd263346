/** Injected time: a {@link dev.hedge.core.time.Ticker} that reads the clock and schedules delays, so that breakers, limiters, budgets and timeouts can be tested by advancing a fake clock. */
@NullMarked
package dev.hedge.core.time;

import org.jspecify.annotations.NullMarked;
