/** Server-sent events: an incremental byte-level parser and the writer for data frames. */
@NullMarked
package dev.hedge.api.sse;

import org.jspecify.annotations.NullMarked;
