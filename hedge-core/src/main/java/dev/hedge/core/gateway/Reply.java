package dev.hedge.core.gateway;

/** A complete (non-streamed) answer and who served it. */
public record Reply<T>(T body, Served served) {}
