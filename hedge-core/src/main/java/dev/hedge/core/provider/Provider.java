package dev.hedge.core.provider;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One supplier account spoken to in its dialect: it sends an OpenAI-shaped request, translated as its
 * dialect needs, and answers in OpenAI's shape. A failed call completes exceptionally with a
 * {@link ProviderException}; a provider never throws from these methods.
 *
 * <p>Streams: the returned stage completes when the supplier has accepted the request (status 200), before
 * any content; items follow through {@link UpstreamStream#start}. Whether the supplier reports usage in the
 * stream is up to the supplier: the gateway counts tokens itself when it does not.
 *
 * <p>Implementations are thread-safe and hold their connection pools until {@link #close()}.
 */
public interface Provider extends AutoCloseable {

    /** The name configured for this supplier account, e.g. {@code openai} or {@code upstream-a}. */
    String name();

    CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call);

    /**
     * {@link #chat}'s answer with the supplier's JSON for it when that may go to the client as it is (see
     * {@link Relayed}). By default the answer alone, to be written: a dialect that translates has nothing to relay.
     */
    default CompletionStage<Relayed<ChatCompletion>> relayChat(UpstreamCall<ChatCompletionRequest> call) {
        return chat(call).thenApply(Relayed::of);
    }

    /**
     * A streamed chat answer. A dialect whose chunks may go to the client as the supplier sent them hands their
     * bytes to {@link StreamSubscriber#onNext(Object, byte[])}.
     */
    CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call);

    default CompletionStage<Completion> complete(UpstreamCall<CompletionRequest> call) {
        return unsupported("text completions");
    }

    default CompletionStage<UpstreamStream<Completion>> streamComplete(UpstreamCall<CompletionRequest> call) {
        return unsupported("text completions");
    }

    default CompletionStage<EmbeddingResponse> embed(UpstreamCall<EmbeddingRequest> call) {
        return unsupported("embeddings");
    }

    /** Releases connections and threads; calls in flight fail. */
    @Override
    default void close() {}

    private <T> CompletionStage<T> unsupported(String operation) {
        return CompletableFuture.failedFuture(
                ProviderException.unsupported(name(), "%s does not offer %s".formatted(name(), operation)));
    }
}
