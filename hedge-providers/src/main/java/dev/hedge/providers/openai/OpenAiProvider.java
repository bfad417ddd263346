package dev.hedge.providers.openai;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.json.Json;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.SystemTicker;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftListener;
import dev.hedge.providers.http.SseDecoder;
import dev.hedge.providers.http.UpstreamHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI dialect, for OpenAI and every server that copies its API. Requests go out as they came (model
 * name replaced); answers are read into OpenAI's types, with small repairs where a server leaves out what
 * OpenAI always sends. A chat answer or chunk of exactly OpenAI's shape is read in one pass
 * ({@code TypedAnswerReader}) and keeps its bytes, which the client is then sent as they are ({@link Relayed});
 * anything else goes through the drift guard and is written anew.
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
    private final DriftGuard guard;
    private final OpenAiRoutes routes;

    /** OpenAI's API layout; drift is repaired but not recorded. */
    public OpenAiProvider(Vertx vertx, ProviderSpec spec) {
        this(vertx, spec, DriftGuard.of(spec, DriftListener.NONE, SystemTicker.instance()), OpenAiRoutes.OPENAI);
    }

    /**
     * @param guard checks every answer and chunk against OpenAI's schema
     * @param routes where each operation goes and how the credential is sent
     */
    public OpenAiProvider(Vertx vertx, ProviderSpec spec, DriftGuard guard, OpenAiRoutes routes) {
        this.spec = spec;
        this.guard = guard;
        this.routes = routes;
        this.http = new UpstreamHttp(vertx, spec);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
        return relayChat(call).thenApply(Relayed::value);
    }

    @Override
    public CompletionStage<Relayed<ChatCompletion>> relayChat(UpstreamCall<ChatCompletionRequest> call) {
        ChatCompletionRequest request = call.request();
        if (request.streaming()) {
            request = new ChatCompletionRequest(request.model(), request.messages(), false, null,
                    request.maxTokens(), request.maxCompletionTokens(), request.n(), request.temperature(),
                    request.topP(), request.stop(), request.tools(), request.toolChoice(),
                    request.parallelToolCalls(), request.responseFormat(), request.user(), request.seed(),
                    request.logprobs(), request.topLogprobs(), request.presencePenalty(), request.frequencyPenalty(),
                    request.extra());
        }
        String model = modelOf(request.model());
        return unary(routes.path("/chat/completions", model), request, call,
                body -> OpenAiShapes.completion(name(), guard, model, body, http.secrets()));
    }

    @Override
    public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
        ChatCompletionRequest request = call.request();
        if (!spec.streamUsage() && request.streamOptions() != null) {
            request = request.withStreamOptions(null);
        }
        String model = modelOf(request.model());
        return stream(routes.path("/chat/completions", model), request, call, new OpenAiChunkDecoder<>(name(),
                http.secrets(), (provider, data, secrets) -> guardedChunk(model, data), OpenAiShapes::chunkFinished));
    }

    @Override
    public CompletionStage<Completion> complete(UpstreamCall<CompletionRequest> call) {
        return unary(routes.path("/completions", modelOf(call.request().model())), call.request(), call,
                body -> OpenAiShapes.textCompletion(name(), body, http.secrets()));
    }

    @Override
    public CompletionStage<UpstreamStream<Completion>> streamComplete(UpstreamCall<CompletionRequest> call) {
        CompletionRequest request = call.request();
        if (!spec.streamUsage() && request.streamOptions() != null) {
            request = request.withStreamOptions(null);
        }
        return stream(routes.path("/completions", modelOf(request.model())), request, call,
                new OpenAiChunkDecoder<>(name(), http.secrets(),
                (provider, data, secrets) -> Relayed.of(OpenAiShapes.textChunk(provider, data, secrets)),
                OpenAiShapes::textChunkFinished));
    }

    @Override
    public CompletionStage<EmbeddingResponse> embed(UpstreamCall<EmbeddingRequest> call) {
        String model = modelOf(call.request().model());
        return unary(routes.path("/embeddings", model), call.request(), call, body -> OpenAiShapes.embeddings(name(),
                guard.check(DriftGuard.Answer.EMBEDDINGS, model, OpenAiShapes.tree(name(), body)), http.secrets()));
    }

    /**
     * A chunk, read typed or checked by the drift guard; null (skipped) when nothing of OpenAI's shape is left in
     * it, as in Azure's first chunk that only carries {@code prompt_filter_results}.
     */
    private @Nullable Relayed<ChatCompletionChunk> guardedChunk(String model, byte[] data) {
        Relayed<ChatCompletionChunk> read = OpenAiShapes.chunk(name(), guard, model, data, http.secrets());
        ChatCompletionChunk chunk = read.value();
        return chunk.choices().isEmpty() && chunk.usage() == null && chunk.extra().isEmpty() ? null : read;
    }

    private static String modelOf(@Nullable String model) {
        return model == null ? "" : model;
    }

    @Override
    public void close() {
        http.close();
    }

    private <T> CompletionStage<T> unary(String path, Object request, UpstreamCall<?> call,
            Function<byte[], T> read) {
        return http.exchangeJson(path, headers(false), Json.write(request), call, read);
    }

    private <T> CompletionStage<UpstreamStream<T>> stream(String path, Object request, UpstreamCall<?> call,
            SseDecoder<T> decoder) {
        return http.exchangeStream(path, headers(true), Json.write(request), call, decoder);
    }

    private MultiMap headers(boolean stream) {
        return http.jsonHeaders(stream, headers -> routes.authorize(spec, headers));
    }
}
