/** Text embedding as a service to the rest of the core (the quality router, the embeddings endpoint). */
@NullMarked
package dev.hedge.core.embed;

import org.jspecify.annotations.NullMarked;
