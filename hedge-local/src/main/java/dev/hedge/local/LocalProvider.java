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
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.local.chat.ChatPrompt;
import dev.hedge.local.chat.GgufModels;
import dev.hedge.local.embed.MiniLmEmbedder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

    /** Output tokens of a local generation when the client sets no limit. */
    static final int DEFAULT_MAX_TOKENS = 256;

    private final Supplier<TextEmbedder> embedderFactory;
    private final Optional<GgufModels> chatModels;
    private final ExecutorService workers;
    private volatile TextEmbedder embedder;

    private LocalProvider(Supplier<TextEmbedder> embedderFactory, Optional<GgufModels> chatModels, int threads) {
        this.embedderFactory = embedderFactory;
        this.chatModels = chatModels;
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("hedge-local-", 0).daemon(true).factory());
    }

    /**
     * The in-process provider: MiniLM embeddings, and the GGUF chat models of {@code chatModels}, on
     * {@code threads} worker threads.
     */
    public static LocalProvider create(Optional<GgufModels> chatModels, int threads) {
        return new LocalProvider(() -> MiniLmEmbedder.load(1), chatModels, Math.max(2, threads));
    }

    /** The GGUF chat models served (file stems). */
    public List<String> chatModelNames() {
        return chatModels.map(GgufModels::names).orElse(List.of());
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
        ChatCompletionRequest request = call.request();
        return generation(call, request.model(), () -> ChatPrompt.of(request.messages()), chatSampling(request))
                .thenCompose(run -> whole(call, run, LocalShapes::chatCompletion));
    }

    @Override
    public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
        ChatCompletionRequest request = call.request();
        return generation(call, request.model(), () -> ChatPrompt.of(request.messages()), chatSampling(request))
                .thenApply(run -> new LocalStream<>(workers, call.cancellation(), run, LocalShapes.chatChunks(run)));
    }

    @Override
    public CompletionStage<Completion> complete(UpstreamCall<CompletionRequest> call) {
        CompletionRequest request = call.request();
        return generation(call, request.model(), () -> promptText(request), sampling(request.maxTokens(),
                request.temperature(), request.topP(), request.seed(), request.stop(), request.n()))
                .thenCompose(run -> whole(call, run, LocalShapes::textCompletion));
    }

    @Override
    public CompletionStage<UpstreamStream<Completion>> streamComplete(UpstreamCall<CompletionRequest> call) {
        CompletionRequest request = call.request();
        return generation(call, request.model(), () -> promptText(request), sampling(request.maxTokens(),
                request.temperature(), request.topP(), request.seed(), request.stop(), request.n()))
                .thenApply(run -> new LocalStream<>(workers, call.cancellation(), run, LocalShapes.textChunks(run)));
    }

    /** How a whole answer is shaped from its text and outcome. */
    @FunctionalInterface
    private interface WholeShape<T> {
        T shape(String id, String model, String text, GgufModels.Outcome outcome);
    }

    /** Runs {@code run} to the end on a worker and shapes the whole answer. */
    private <T> CompletionStage<T> whole(UpstreamCall<?> call, Generation run, WholeShape<T> shape) {
        return submit(call, () -> {
            StringBuilder text = new StringBuilder();
            GgufModels.Outcome outcome = run.execute(piece -> {
                text.append(piece);
                return true;
            }, call.cancellation()::isCancelled);
            return shape.shape(run.id(), run.model(), text.toString(), outcome);
        });
    }

    /** A generation ready to run, or a failed stage saying why it cannot. */
    private CompletionStage<Generation> generation(UpstreamCall<?> call, @Nullable String model,
            Supplier<String> prompt, Supplier<GgufModels.Sampling> sampling) {
        if (chatModels.isEmpty() || model == null || !chatModels.get().has(model)) {
            return failed(ProviderException.unsupported(NAME, "no local chat model named '%s' (have: %s)"
                    .formatted(model, chatModelNames())));
        }
        try {
            return CompletableFuture.completedFuture(new Generation(chatModels.get(), model, prompt.get(), sampling.get(),
                    "chatcmpl-local-" + call.requestId(), System.currentTimeMillis() / 1000));
        } catch (IllegalArgumentException e) {
            return failed(invalid(e.getMessage().startsWith("messages") ? "messages" : null, e.getMessage()));
        } catch (ProviderException e) {
            return failed(e);
        }
    }

    /** A chat's sampling: the client's settings, and a stop where the model would start the user's turn. */
    private static Supplier<GgufModels.Sampling> chatSampling(ChatCompletionRequest request) {
        Supplier<GgufModels.Sampling> client = sampling(request.outputLimit(), request.temperature(), request.topP(),
                request.seed(), request.stop(), request.n());
        return () -> {
            GgufModels.Sampling sampling = client.get();
            List<String> stops = new ArrayList<>(sampling.stops());
            stops.addAll(ChatPrompt.TURN_ENDS);
            return new GgufModels.Sampling(sampling.maxTokens(), sampling.temperature(), sampling.topP(),
                    sampling.seed(), stops);
        };
    }

    private static Supplier<GgufModels.Sampling> sampling(@Nullable Integer maxTokens, @Nullable Double temperature,
            @Nullable Double topP, @Nullable Long seed, @Nullable JsonNode stop, @Nullable Integer n) {
        return () -> {
            if (n != null && n != 1) {
                throw invalid("n", "local models generate one choice per request (asked: n=%d)".formatted(n));
            }
            List<String> stops = new ArrayList<>();
            if (stop != null && stop.isTextual()) {
                stops.add(stop.asText());
            } else if (stop != null && stop.isArray()) {
                stop.forEach(s -> stops.add(s.asText()));
            }
            return new GgufModels.Sampling(maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens,
                    temperature == null ? 1.0f : temperature.floatValue(), topP == null ? 1.0f : topP.floatValue(),
                    Optional.ofNullable(seed).map(Long::intValue), stops);
        };
    }

    private static String promptText(CompletionRequest request) {
        JsonNode prompt = request.prompt();
        if (prompt != null && prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw invalid("prompt", "local models take one text prompt per request");
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
                } catch (GgufModels.BusyException e) {
                    result.completeExceptionally(busy());
                } catch (RuntimeException e) {
                    result.completeExceptionally(ProviderException.protocol(NAME, "local model failed: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(busy());
        }
        return result;
    }

    static ProviderException busy() {
        return ProviderException.status(NAME, 503, new ErrorBody("The in-process models are busy; retry shortly.",
                ErrorType.OVERLOADED, null, "local_busy"), Duration.ofSeconds(1));
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

    static ProviderException invalid(@Nullable String param, String message) {
        return ProviderException.status(NAME, 400, new ErrorBody(message, ErrorType.INVALID_REQUEST, param,
                "invalid_value"), null);
    }

    private static <T> CompletionStage<T> failed(ProviderException e) {
        return CompletableFuture.failedFuture(e);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        chatModels.ifPresent(GgufModels::close);
        TextEmbedder loaded = embedder;
        if (loaded != null) {
            loaded.close();
        }
    }
}
