/** Logging for the hedge process: the appender that writes log lines to the console in batches. */
@NullMarked
package dev.hedge.app.logging;

import org.jspecify.annotations.NullMarked;
