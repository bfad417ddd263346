/** Embeddings (POST /v1/embeddings): request, response and the two vector encodings (float array, base64). */
@NullMarked
package dev.hedge.api.embeddings;

import org.jspecify.annotations.NullMarked;
