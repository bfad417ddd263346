/**
 * Token counting with OpenAI's encodings (read from jtokkit's jar, held compactly), for suppliers that do not report
 * usage and for admission estimates.
 */
@NullMarked
package dev.hedge.core.tokens;

import org.jspecify.annotations.NullMarked;
