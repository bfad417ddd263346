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
import dev.hedge.core.provider.StreamSubscriber;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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

    /** What reached a client's sink: each item, with the bytes it came with (null when it is to be written). */
    record Sent(Object item, byte @Nullable [] source) {}

    /** Streams {@code request} through {@code gateway} to its end; what reached the sink, in order. */
    static List<Sent> stream(Gateway gateway, RequestContext context, ChatCompletionRequest request) {
        List<Sent> sent = new ArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        gateway.streamChat(context, request, new StreamSink<>() {
            @Override
            public void onOpen(Served served, FlowControl control) {}

            @Override
            public void onNext(ChatCompletionChunk item) {
                sent.add(new Sent(item, null));
            }

            @Override
            public void onNext(ChatCompletionChunk item, byte[] source) {
                sent.add(new Sent(item, source));
            }

            @Override
            public void onComplete() {
                ended.complete(null);
            }

            @Override
            public void onError(GatewayException error, boolean afterOpen) {
                ended.completeExceptionally(error);
            }
        });
        ended.join();
        return sent;
    }

    /** An upstream stream that sends {@code chunks}, each with the bytes {@code bytes} gives it, then completes. */
    static UpstreamStream<ChatCompletionChunk> upstream(List<ChatCompletionChunk> chunks,
            Function<ChatCompletionChunk, byte[]> bytes) {
        return new UpstreamStream<>() {
            @Override
            public void start(StreamSubscriber<ChatCompletionChunk> subscriber) {
                chunks.forEach(chunk -> subscriber.onNext(chunk, bytes.apply(chunk)));
                subscriber.onComplete();
            }

            @Override
            public void pause() {}

            @Override
            public void resume() {}

            @Override
            public void cancel() {}
        };
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
