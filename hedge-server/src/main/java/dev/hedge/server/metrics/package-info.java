/** Prometheus metrics of the gateway, named after OpenTelemetry's GenAI semantic conventions where they exist. */
@NullMarked
package dev.hedge.server.metrics;

import org.jspecify.annotations.NullMarked;
