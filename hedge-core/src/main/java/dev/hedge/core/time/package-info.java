/** Injected time: a {@link dev.hedge.core.time.Ticker} that reads the clock and schedules delays, so that breakers, limiters, budgets and timeouts can be tested by advancing a fake clock; and {@link dev.hedge.core.time.TimeoutWheel}, timeouts of one thread that are cheap to start and cancel and fire up to one tick late. */
@NullMarked
package dev.hedge.core.time;

import org.jspecify.annotations.NullMarked;
