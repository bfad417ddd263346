/** Legacy text completions (POST /v1/completions): request, response and streamed chunk. */
@NullMarked
package dev.hedge.api.completions;

import org.jspecify.annotations.NullMarked;
