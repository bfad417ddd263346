/** In-process chat: GGUF models through llama.cpp (de.kherud:llama), streamed token by token. */
@NullMarked
package dev.hedge.local.chat;

import org.jspecify.annotations.NullMarked;
