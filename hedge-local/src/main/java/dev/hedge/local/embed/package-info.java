/** In-process embeddings: all-MiniLM-L6-v2 on ONNX Runtime with our own BERT word-piece tokenizer. */
@NullMarked
package dev.hedge.local.embed;

import org.jspecify.annotations.NullMarked;
