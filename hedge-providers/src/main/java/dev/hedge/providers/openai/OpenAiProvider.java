package dev.hedge.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.json.Json;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.providers.http.SseDecoder;
import dev.hedge.providers.http.SseUpstreamStream;
import dev.hedge.providers.http.UpstreamErrors;
import dev.hedge.providers.http.UpstreamHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The OpenAI dialect, for OpenAI and every server that copies its API. Requests go out as they came (model
 * name replaced); answers are read into OpenAI's types, with small repairs where a server leaves out what
 * OpenAI always sends.
 *
 * <p>Known quirks handled here: servers that send no usage in streams (the gateway counts), servers that
 * reject {@code stream_options} ({@link ProviderSpec#streamUsage()} off), streams that end without
 * {@code [DONE]} after every choice finished (accepted), errors as a 200 stream event (failed as
 * {@link ProviderException.Kind#STREAM_ERROR}), and error bodies in the shapes of Ollama, Mistral and
 * FastAPI servers.
 */
public final class OpenAiProvider implements Provider {

    private final UpstreamHttp http;
    private final ProviderSpec spec;

    public OpenAiProvider(Vertx vertx, ProviderSpec spec) {
        this.spec = spec;
        this.http = new UpstreamHttp(vertx, spec);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
        ChatCompletionRequest request = call.request();
        if (request.streaming()) {
            request = new ChatCompletionRequest(request.model(), request.messages(), false, null,
                    request.maxTokens(), request.maxCompletionTokens(), request.n(), request.temperature(),
                    request.topP(), request.stop(), request.tools(), request.toolChoice(),
                    request.parallelToolCalls(), request.responseFormat(), request.user(), request.seed(),
                    request.logprobs(), request.topLogprobs(), request.presencePenalty(), request.frequencyPenalty(),
                    request.extra());
        }
        return unary("/chat/completions", request, call, body -> OpenAiShapes.completion(name(), body, http.secrets()));
    }

    @Override
    public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
        ChatCompletionRequest request = call.request();
        if (!spec.streamUsage() && request.streamOptions() != null) {
            request = request.withStreamOptions(null);
        }
        return stream("/chat/completions", request, call, new OpenAiChunkDecoder<>(name(), http.secrets(),
                OpenAiShapes::chunk, OpenAiShapes::chunkFinished));
    }

    @Override
    public CompletionStage<Completion> complete(UpstreamCall<CompletionRequest> call) {
        return unary("/completions", call.request(), call, body -> OpenAiShapes.textCompletion(name(), body, http.secrets()));
    }

    @Override
    public CompletionStage<UpstreamStream<Completion>> streamComplete(UpstreamCall<CompletionRequest> call) {
        CompletionRequest request = call.request();
        if (!spec.streamUsage() && request.streamOptions() != null) {
            request = request.withStreamOptions(null);
        }
        return stream("/completions", request, call, new OpenAiChunkDecoder<>(name(), http.secrets(),
                OpenAiShapes::textChunk, OpenAiShapes::textChunkFinished));
    }

    @Override
    public CompletionStage<EmbeddingResponse> embed(UpstreamCall<EmbeddingRequest> call) {
        return unary("/embeddings", call.request(), call, body -> OpenAiShapes.embeddings(name(), body, http.secrets()));
    }

    @Override
    public void close() {
        http.close();
    }

    private <T> CompletionStage<T> unary(String path, Object request, UpstreamCall<?> call,
            Function<byte[], T> read) {
        return http.post(path, headers(false), Buffer.buffer(Json.write(request)), call.cancellation(), call.connectTimeout())
                .thenCompose(exchange -> exchange.response().statusCode() / 100 == 2
                        ? http.readBody(exchange, UpstreamHttp.MAX_BODY_BYTES, body -> read.apply(body.getBytes()))
                        : http.failWithBody(exchange));
    }

    private <T> CompletionStage<UpstreamStream<T>> stream(String path, Object request, UpstreamCall<?> call,
            SseDecoder<T> decoder) {
        return http.post(path, headers(true), Buffer.buffer(Json.write(request)), call.cancellation(), call.connectTimeout())
                .thenCompose(exchange -> {
                    if (exchange.response().statusCode() / 100 != 2) {
                        return http.failWithBody(exchange);
                    }
                    String type = exchange.response().getHeader("content-type");
                    if (type != null && type.startsWith("application/json")) {
                        // a server that answers a stream request with one JSON body: usually an error object
                        return http.readBody(exchange, UpstreamHttp.MAX_BODY_BYTES, body -> {
                            throw jsonInsteadOfStream(tree(body));
                        });
                    }
                    return CompletableFuture.completedFuture(new SseUpstreamStream<>(http, exchange, decoder));
                });
    }

    private ProviderException jsonInsteadOfStream(JsonNode body) {
        var error = UpstreamErrors.fromNode(500, body);
        if (error != null && body.has("error")) {
            return ProviderException.streamError(name(), 502, scrub(error));
        }
        return ProviderException.protocol(name(), "asked for a stream, got a single JSON answer", null);
    }

    private dev.hedge.api.error.ErrorBody scrub(dev.hedge.api.error.ErrorBody error) {
        return new dev.hedge.api.error.ErrorBody(Secret.scrub(error.message(), http.secrets()), error.type(),
                error.param(), error.code());
    }

    private JsonNode tree(Buffer body) {
        try {
            return Json.tree(body.getBytes());
        } catch (IOException e) {
            throw ProviderException.protocol(name(), "malformed JSON: " + e.getMessage(), e);
        }
    }

    private MultiMap headers(boolean stream) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("content-type", "application/json")
                .set("accept", stream ? "text/event-stream" : "application/json");
        spec.apiKey().ifPresent(key -> headers.set("authorization", "Bearer " + key.reveal()));
        for (Map.Entry<String, Secret> header : spec.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue().reveal());
        }
        return headers;
    }
}
