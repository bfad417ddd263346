/**
 * Measures the ledger's durable group commit (throughput and the wait it adds to each request's last byte) and the
 * CPU its writer spends inserting a request on SQLite.
 */
@NullMarked
package dev.hedge.benchmarks.ledger;

import org.jspecify.annotations.NullMarked;
