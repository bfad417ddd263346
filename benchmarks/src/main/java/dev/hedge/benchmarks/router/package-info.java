/** Benchmarks of the quality router: decision latency (embed + score) on this machine. */
@NullMarked
package dev.hedge.benchmarks.router;

import org.jspecify.annotations.NullMarked;
