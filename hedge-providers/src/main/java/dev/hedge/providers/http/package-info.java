/** What every HTTP dialect shares: the pooled Vert.x client per provider, cancellation, bounded body reads, supplier error parsing (with secrets scrubbed), Retry-After, and the SSE stream that feeds a dialect's decoder. */
@NullMarked
package dev.hedge.providers.http;

import org.jspecify.annotations.NullMarked;
