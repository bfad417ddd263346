/**
 * The durable side of Hedge: virtual keys (and, later, the ledger) in embedded SQLite by default or in
 * PostgreSQL for clusters, with the schema kept by Flyway migrations.
 */
@NullMarked
package dev.hedge.store;

import org.jspecify.annotations.NullMarked;
