/**
 * Resilience primitives, lock-free and on an injected {@link dev.hedge.core.time.Ticker}: circuit breakers,
 * backoff, retry budgets and per-deployment health (in-flight, concurrency limit, latency, error rate).
 */
@NullMarked
package dev.hedge.core.resilience;

import org.jspecify.annotations.NullMarked;
