package dev.hedge.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.embeddings.EmbeddingVector;
import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.core.embed.TextEmbedder;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.local.embed.MiniLmEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Provider {@code local}: models running inside Hedge. Embeddings come from all-MiniLM-L6-v2 (loaded on
 * first use, so an idle gateway does not pay for it); work runs on a small bounded pool, never on the
 * caller's event loop, and a full queue answers 503 with Retry-After.
 */
public final class LocalProvider implements Provider {

    public static final String NAME = "local";
    private static final int QUEUE = 256;

    private final Supplier<TextEmbedder> embedderFactory;
    private final ExecutorService workers;
    private volatile TextEmbedder embedder;

    private LocalProvider(Supplier<TextEmbedder> embedderFactory, int threads) {
        this.embedderFactory = embedderFactory;
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("hedge-local-", 0).daemon(true).factory());
    }

    /** The in-process provider with MiniLM embeddings on {@code threads} worker threads. */
    public static LocalProvider create(int threads) {
        return new LocalProvider(() -> MiniLmEmbedder.load(1), Math.max(1, threads));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The embedding model, loaded on first call. */
    public TextEmbedder embedder() {
        TextEmbedder loaded = embedder;
        if (loaded == null) {
            synchronized (this) {
                loaded = embedder;
                if (loaded == null) {
                    loaded = embedderFactory.get();
                    embedder = loaded;
                }
            }
        }
        return loaded;
    }

    @Override
    public CompletionStage<EmbeddingResponse> embed(UpstreamCall<EmbeddingRequest> call) {
        EmbeddingRequest request = call.request();
        if (!MiniLmEmbedder.NAME.equals(request.model())) {
            return failed(ProviderException.unsupported(NAME, "no local embedding model named '%s' (local has %s)"
                    .formatted(request.model(), MiniLmEmbedder.NAME)));
        }
        List<String> texts;
        try {
            texts = texts(request.input());
        } catch (ProviderException e) {
            return failed(e);
        }
        if (request.dimensions() != null && request.dimensions() != 384) {
            return failed(invalid("dimensions", "%s has 384 dimensions and cannot shorten them (asked: %d)"
                    .formatted(MiniLmEmbedder.NAME, request.dimensions())));
        }
        return submit(call, () -> {
            TextEmbedder.EmbeddingBatch batch = embedder().embed(texts);
            List<EmbeddingResponse.Embedding> data = new ArrayList<>(batch.vectors().size());
            for (int i = 0; i < batch.vectors().size(); i++) {
                float[] vector = batch.vectors().get(i);
                data.add(EmbeddingResponse.Embedding.of(i,
                        request.wantsBase64() ? EmbeddingVector.base64(vector) : EmbeddingVector.floats(vector)));
            }
            return EmbeddingResponse.of(data, MiniLmEmbedder.NAME, batch.promptTokens());
        });
    }

    @Override
    public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
        return failed(ProviderException.unsupported(NAME, "no local chat model named '%s'".formatted(call.request().model())));
    }

    @Override
    public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
        return failed(ProviderException.unsupported(NAME, "no local chat model named '%s'".formatted(call.request().model())));
    }

    private <T> CompletionStage<T> submit(UpstreamCall<?> call, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                if (call.cancellation().isCancelled()) {
                    result.completeExceptionally(ProviderException.cancelled(NAME, call.cancellation().reason()));
                    return;
                }
                try {
                    result.complete(work.get());
                } catch (ProviderException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(ProviderException.protocol(NAME, "local model failed: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(ProviderException.status(NAME, 503, new ErrorBody(
                    "The in-process models are busy; retry shortly.", ErrorType.OVERLOADED, null, "local_busy"),
                    Duration.ofSeconds(1)));
        }
        return result;
    }

    private static List<String> texts(JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
            return texts;
        }
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                throw invalid("input", "%s takes text; token-id inputs are not supported".formatted(MiniLmEmbedder.NAME));
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static ProviderException invalid(String param, String message) {
        return ProviderException.status(NAME, 400, new ErrorBody(message, ErrorType.INVALID_REQUEST, param,
                "invalid_value"), null);
    }

    private static <T> CompletionStage<T> failed(ProviderException e) {
        return CompletableFuture.failedFuture(e);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        TextEmbedder loaded = embedder;
        if (loaded != null) {
            loaded.close();
        }
    }
}
