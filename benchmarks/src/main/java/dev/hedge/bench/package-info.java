/**
 * JMH micro-benchmarks for Hedge's hot paths: request parse/serialize, route decision, authentication and
 * admission (see {@code benchmarks/README.md}). The SSE relay benchmark lives in
 * {@code dev.hedge.providers.openai} because it drives that package's chunk reader.
 */
@NullMarked
package dev.hedge.bench;

import org.jspecify.annotations.NullMarked;
