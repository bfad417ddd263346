/** The offline side of the quality router: embedding item files (cached), training, evaluation, plots. */
@NullMarked
package dev.hedge.app.router;

import org.jspecify.annotations.NullMarked;
