/** The server's machinery: request handling, bounded body reading, JSON parsing errors, the SSE sink. */
@NullMarked
package dev.hedge.server.internal;

import org.jspecify.annotations.NullMarked;
