package dev.hedge.core.gateway;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.core.router.RouteDecision;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Hands the answers of routed chat requests to {@link RoutedAnswers}, after the client has them. */
final class AnswerCapture {

    private AnswerCapture() {}

    /** Taps a one-piece answer once it is complete; the client's stage is returned untouched. */
    static void unary(RoutedAnswers answers, RequestContext context, ChatCompletionRequest request,
            Reply<ChatCompletion> reply) {
        Optional<RouteDecision> route = reply.served().route();
        if (route.isEmpty() || context.cancellation().isCancelled() || reply.body().choices().isEmpty()) {
            return;
        }
        Listeners.safely(() -> {
            if (answers.wants(context, request, route.get())) {
                answers.answered(context, request, route.get(), reply.body().choices().getFirst().message().text());
            }
        });
    }

    /** A sink that gathers the first choice's content for {@code answers} when they want it. */
    static StreamSink<ChatCompletionChunk> stream(RoutedAnswers answers, RequestContext context,
            ChatCompletionRequest request, StreamSink<ChatCompletionChunk> client) {
        return new StreamSink<>() {
            private @Nullable RouteDecision decision;
            private @Nullable StringBuilder text;

            @Override
            public void onOpen(Served served, FlowControl control) {
                client.onOpen(served, control);
                served.route().ifPresent(route -> Listeners.safely(() -> {
                    if (answers.wants(context, request, route)) {
                        decision = route;
                        text = new StringBuilder();
                    }
                }));
            }

            @Override
            public void onNext(ChatCompletionChunk item) {
                client.onNext(item);
                gather(item);
            }

            @Override
            public void onNext(ChatCompletionChunk item, byte[] source) {
                client.onNext(item, source);
                gather(item);
            }

            private void gather(ChatCompletionChunk item) {
                if (text != null) {
                    for (ChatCompletionChunk.Choice choice : item.choices()) {
                        if (choice.index() == 0 && choice.delta().content() != null) {
                            text.append(choice.delta().content());
                        }
                    }
                }
            }

            @Override
            public void onComplete() {
                client.onComplete();
                if (text != null && decision != null) {
                    RouteDecision routed = decision;
                    String answer = text.toString();
                    text = null;
                    Listeners.safely(() -> answers.answered(context, request, routed, answer));
                }
            }

            @Override
            public void onError(GatewayException error, boolean afterOpen) {
                text = null;
                client.onError(error, afterOpen);
            }
        };
    }
}
