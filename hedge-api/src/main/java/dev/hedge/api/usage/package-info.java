/** Token usage as OpenAI reports it. */
@NullMarked
package dev.hedge.api.usage;

import org.jspecify.annotations.NullMarked;
