/** Chat completions: requests, responses, streamed chunks, messages, content parts and tools, as OpenAI's API defines them. Unknown fields are kept in each type's {@code extra} map so nothing is lost in a round trip. */
@NullMarked
package dev.hedge.api.chat;

import org.jspecify.annotations.NullMarked;
