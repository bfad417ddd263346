/**
 * Anthropic's Messages API: OpenAI chat requests translated to {@code POST /v1/messages} (system prompt,
 * content blocks, images, tools and {@code tool_choice}, tool results), and messages and their event streams
 * translated back to OpenAI completions and chunks (tool-call deltas with OpenAI indices, stop reasons,
 * usage with cache tokens, error events).
 */
@NullMarked
package dev.hedge.providers.anthropic;

import org.jspecify.annotations.NullMarked;
