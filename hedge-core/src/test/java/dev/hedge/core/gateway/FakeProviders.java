package dev.hedge.core.gateway;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory providers for gateway tests: each call takes the next queued answer, and is recorded. */
final class FakeProviders {
    private FakeProviders() {}

    static final class Scripted implements Provider {
        private final String name;
        private final List<CompletableFuture<ChatCompletion>> answers = new ArrayList<>();
        final List<UpstreamCall<ChatCompletionRequest>> calls = new CopyOnWriteArrayList<>();

        Scripted(String name) {
            this.name = name;
        }

        Scripted answers(String content) {
            answers.add(CompletableFuture.completedFuture(completion(content)));
            return this;
        }

        Scripted fails(ProviderException error) {
            answers.add(CompletableFuture.failedFuture(error));
            return this;
        }

        /** An answer the test completes later. */
        CompletableFuture<ChatCompletion> pending() {
            CompletableFuture<ChatCompletion> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
            calls.add(call);
            if (answers.isEmpty()) {
                return CompletableFuture.failedFuture(ProviderException.status(name, 500, null, null));
            }
            CompletableFuture<ChatCompletion> answer = answers.removeFirst();
            call.cancellation().onCancel(() -> answer.completeExceptionally(
                    ProviderException.cancelled(name, call.cancellation().reason())));
            return answer;
        }

        @Override
        public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.failedFuture(ProviderException.unsupported(name, "no streams here"));
        }
    }

    static ChatCompletion completion(String content) {
        return new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1, "m",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(content), "stop", null, java.util.Map.of())),
                null, null, null, java.util.Map.of());
    }

    static RequestContext context(Ticker ticker) {
        return new RequestContext("req_1", Caller.master(), Runnable::run, Cancellation.create(), ticker.nanos());
    }

    static ChatCompletionRequest hello(String model) {
        return ChatCompletionRequest.of(model, List.of(ChatMessage.user("hello")));
    }
}
