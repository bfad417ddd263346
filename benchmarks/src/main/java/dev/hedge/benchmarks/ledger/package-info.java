/** Measures the ledger's durable group commit: throughput and the wait it adds to each request's last byte. */
@NullMarked
package dev.hedge.benchmarks.ledger;

import org.jspecify.annotations.NullMarked;
