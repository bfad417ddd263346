/** OpenAI's error envelope and the error types and codes Hedge answers with. */
@NullMarked
package dev.hedge.api.error;

import org.jspecify.annotations.NullMarked;
