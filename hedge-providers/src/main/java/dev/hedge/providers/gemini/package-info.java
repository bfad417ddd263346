/**
 * Google's Gemini API: OpenAI chat requests translated to {@code generateContent} and
 * {@code streamGenerateContent?alt=sse} (system instruction, contents and parts, function declarations and
 * calls, function responses, generation config), answers translated back (finish reasons, safety blocks as
 * {@code content_filter}, usage metadata), and embeddings through {@code batchEmbedContents}.
 */
@NullMarked
package dev.hedge.providers.gemini;

import org.jspecify.annotations.NullMarked;
