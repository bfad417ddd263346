/** Resilience benchmarks: a flapping-upstream soak and failover-time measurements, runnable as a main. */
@NullMarked
package dev.hedge.benchmarks.resilience;

import org.jspecify.annotations.NullMarked;
