/** {@code hedge report}: the ledger's sums as a table, CSV or JSON, with savings against a baseline model. */
@NullMarked
package dev.hedge.app.report;

import org.jspecify.annotations.NullMarked;
