/**
 * The learned quality router: from a prompt's embedding (and a few cheap text features) it predicts the
 * probability that the weak tier answers worse than the strong tier. Training data ({@link RouterItem}),
 * the model ({@link QualityRouter}), its file format ({@link RouterFile}), the RouteLLM metrics
 * ({@link RoutingMetrics}) and online feedback ({@link RouterMemory}). Pure Java, no natives: the embedder
 * is the {@link dev.hedge.core.embed.TextEmbedder} SPI.
 */
@NullMarked
package dev.hedge.core.router;

import org.jspecify.annotations.NullMarked;
