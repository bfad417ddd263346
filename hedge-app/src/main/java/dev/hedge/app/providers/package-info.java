/** Building providers from configuration (the dialect switch), and drift reporting to metrics and logs. */
@NullMarked
package dev.hedge.app.providers;

import org.jspecify.annotations.NullMarked;
