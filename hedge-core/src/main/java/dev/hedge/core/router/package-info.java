/**
 * The learned quality router: from a prompt's embedding (and a few cheap text features) it scores how much
 * the prompt needs the strong tier (the strong tier's expected gain on similar prompts blended with the
 * probability that the weak tier answers worse). Training data ({@link RouterItem}), the model
 * ({@link QualityRouter}), its file format ({@link RouterFile}), the RouteLLM metrics ({@link RoutingMetrics})
 * and online feedback ({@link QualityRouting#feedback}). Pure Java, no natives: the embedder
 * is the {@link dev.hedge.core.embed.TextEmbedder} SPI.
 */
@NullMarked
package dev.hedge.core.router;

import org.jspecify.annotations.NullMarked;
