/** The OpenAI dialect: OpenAI itself and the servers that copy its API (Mistral, vLLM, llama.cpp server, Ollama), with their known quirks. */
@NullMarked
package dev.hedge.providers.openai;

import org.jspecify.annotations.NullMarked;
