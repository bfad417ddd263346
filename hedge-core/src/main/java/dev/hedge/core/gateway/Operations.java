package dev.hedge.core.gateway;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.tokens.OutputTokens;
import dev.hedge.core.tokens.PromptTokens;
import dev.hedge.core.tokens.TokenCounter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The operations the gateway runs, each told how to call a provider and how to read usage. */
final class Operations {

    private Operations() {}

    static UnaryOperation<ChatCompletionRequest, ChatCompletion> chat(TokenCounter tokens, PromptTokens prompt) {
        return new UnaryOperation<>() {
            @Override
            public ChatCompletionRequest forUpstream(ChatCompletionRequest request, String upstreamModel) {
                return request.withModel(upstreamModel);
            }

            @Override
            public CompletionStage<Relayed<ChatCompletion>> call(Provider provider,
                    UpstreamCall<ChatCompletionRequest> call) {
                return provider.relayChat(call);
            }

            @Override
            public CompletionStage<TokenUsage> usage(ChatCompletionRequest request, ChatCompletion response) {
                if (response.usage() != null) {
                    return CompletableFuture.completedFuture(TokenUsage.reported(response.usage()));
                }
                StringBuilder output = new StringBuilder();
                for (ChatCompletion.Choice choice : response.choices()) {
                    output.append(choice.message().text());
                    appendToolCalls(choice.message().toolCalls(), output);
                }
                String model = Objects.requireNonNull(request.model());
                return counting(tokens, prompt, TokenCounter.countsAside(output.length()),
                        () -> TokenUsage.counted(prompt.count(), tokens.countText(model, output.toString())));
            }

            @Override
            public ChatCompletion withUsage(ChatCompletion response, TokenUsage usage) {
                return response.usage() != null ? response : response.withUsage(usage.toUsage());
            }
        };
    }

    static StreamOperation<ChatCompletionRequest, ChatCompletionChunk> streamChat(TokenCounter tokens, PromptTokens prompt) {
        return new StreamOperation<>() {
            @Override
            public ChatCompletionRequest forUpstream(ChatCompletionRequest request, String upstreamModel,
                    boolean askUsage) {
                ChatCompletionRequest upstream = request.withModel(upstreamModel);
                if (askUsage && (request.streamOptions() == null || !request.streamOptions().wantsUsage())) {
                    Map<String, com.fasterxml.jackson.databind.JsonNode> extra =
                            request.streamOptions() == null ? Map.of() : request.streamOptions().extra();
                    upstream = upstream.withStreamOptions(new StreamOptions(true, extra));
                }
                return upstream;
            }

            @Override
            public CompletionStage<UpstreamStream<ChatCompletionChunk>> call(Provider provider,
                    UpstreamCall<ChatCompletionRequest> call) {
                return provider.streamChat(call);
            }

            @Override
            public boolean clientWantsUsage(ChatCompletionRequest request) {
                return request.streamOptions() != null && request.streamOptions().wantsUsage();
            }

            @Override
            public boolean hasContent(ChatCompletionChunk chunk) {
                return chunk.hasContent();
            }

            @Override
            public @Nullable Usage usage(ChatCompletionChunk chunk) {
                return chunk.usage();
            }

            @Override
            public boolean isUsageOnly(ChatCompletionChunk chunk) {
                return chunk.choices().isEmpty() && chunk.usage() != null;
            }

            @Override
            public ChatCompletionChunk withoutUsage(ChatCompletionChunk chunk) {
                return chunk.withUsage(null);
            }

            @Override
            public void appendOutput(ChatCompletionChunk chunk, OutputTokens output) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    ChatCompletionChunk.Delta delta = choice.delta();
                    if (delta.content() != null) {
                        output.append(delta.content());
                    }
                    if (delta.toolCalls() != null) {
                        for (ChatCompletionChunk.ToolCallDelta call : delta.toolCalls()) {
                            if (call.function() != null) {
                                output.append(Objects.toString(call.function().name(), ""));
                                output.append(Objects.toString(call.function().arguments(), ""));
                            }
                        }
                    }
                }
            }

            @Override
            public ChatCompletionChunk usageChunk(ChatCompletionChunk last, Usage usage) {
                return ChatCompletionChunk.usageOnly(last.id(), last.created(), last.model(), usage);
            }

            @Override
            public PromptTokens prompt() {
                return prompt;
            }

            @Override
            public OutputTokens outputTokens(ChatCompletionRequest request) {
                return tokens.output(Objects.requireNonNull(request.model()));
            }
        };
    }

    static UnaryOperation<CompletionRequest, Completion> complete(TokenCounter tokens, PromptTokens prompt) {
        return new UnaryOperation<>() {
            @Override
            public CompletionRequest forUpstream(CompletionRequest request, String upstreamModel) {
                return request.withModel(upstreamModel);
            }

            @Override
            public CompletionStage<Relayed<Completion>> call(Provider provider, UpstreamCall<CompletionRequest> call) {
                return provider.complete(call).thenApply(Relayed::of);
            }

            @Override
            public CompletionStage<TokenUsage> usage(CompletionRequest request, Completion response) {
                if (response.usage() != null) {
                    return CompletableFuture.completedFuture(TokenUsage.reported(response.usage()));
                }
                String model = Objects.requireNonNull(request.model());
                long chars = response.choices().stream().mapToLong(choice -> choice.text().length()).sum();
                return counting(tokens, prompt, TokenCounter.countsAside(chars), () -> {
                    long output = 0;
                    for (Completion.Choice choice : response.choices()) {
                        output += tokens.countText(model, choice.text());
                    }
                    return TokenUsage.counted(prompt.count(), output);
                });
            }

            @Override
            public Completion withUsage(Completion response, TokenUsage usage) {
                return response.usage() != null ? response : response.withUsage(usage.toUsage());
            }
        };
    }

    static StreamOperation<CompletionRequest, Completion> streamComplete(TokenCounter tokens, PromptTokens prompt) {
        return new StreamOperation<>() {
            @Override
            public CompletionRequest forUpstream(CompletionRequest request, String upstreamModel, boolean askUsage) {
                CompletionRequest upstream = request.withModel(upstreamModel);
                if (askUsage && (request.streamOptions() == null || !request.streamOptions().wantsUsage())) {
                    upstream = upstream.withStreamOptions(StreamOptions.withUsage());
                }
                return upstream;
            }

            @Override
            public CompletionStage<UpstreamStream<Completion>> call(Provider provider,
                    UpstreamCall<CompletionRequest> call) {
                return provider.streamComplete(call);
            }

            @Override
            public boolean clientWantsUsage(CompletionRequest request) {
                return request.streamOptions() != null && request.streamOptions().wantsUsage();
            }

            @Override
            public boolean hasContent(Completion chunk) {
                return chunk.hasContent();
            }

            @Override
            public @Nullable Usage usage(Completion chunk) {
                return chunk.usage();
            }

            @Override
            public boolean isUsageOnly(Completion chunk) {
                return chunk.choices().isEmpty() && chunk.usage() != null;
            }

            @Override
            public Completion withoutUsage(Completion chunk) {
                return chunk.withUsage(null);
            }

            @Override
            public void appendOutput(Completion chunk, OutputTokens output) {
                for (Completion.Choice choice : chunk.choices()) {
                    output.append(choice.text());
                }
            }

            @Override
            public Completion usageChunk(Completion last, Usage usage) {
                return new Completion(last.id(), Completion.OBJECT, last.created(), last.model(), List.of(), usage,
                        null, Map.of());
            }

            @Override
            public PromptTokens prompt() {
                return prompt;
            }

            @Override
            public OutputTokens outputTokens(CompletionRequest request) {
                return tokens.output(Objects.requireNonNull(request.model()));
            }
        };
    }

    static UnaryOperation<EmbeddingRequest, EmbeddingResponse> embed(TokenCounter tokens, PromptTokens prompt) {
        return new UnaryOperation<>() {
            @Override
            public EmbeddingRequest forUpstream(EmbeddingRequest request, String upstreamModel) {
                return request.withModel(upstreamModel);
            }

            @Override
            public CompletionStage<Relayed<EmbeddingResponse>> call(Provider provider,
                    UpstreamCall<EmbeddingRequest> call) {
                return provider.embed(call).thenApply(Relayed::of);
            }

            @Override
            @SuppressWarnings("ConstantConditions") // a supplier may leave usage out despite the schema
            public CompletionStage<TokenUsage> usage(EmbeddingRequest request, EmbeddingResponse response) {
                if (response.usage() != null) {
                    return CompletableFuture.completedFuture(
                            new TokenUsage(response.usage().promptTokens(), 0, 0, 0, 0, false));
                }
                return counting(tokens, prompt, false, () -> TokenUsage.counted(prompt.count(), 0));
            }

            @Override
            @SuppressWarnings("ConstantConditions")
            public EmbeddingResponse withUsage(EmbeddingResponse response, TokenUsage usage) {
                if (response.usage() != null) {
                    return response;
                }
                int tokens = Math.toIntExact(usage.input());
                return new EmbeddingResponse(response.object(), response.data(), response.model(),
                        new EmbeddingResponse.EmbeddingUsage(tokens, tokens), response.extra());
            }
        };
    }

    /** {@code count} now, or on the counter's aside executor when the prompt or the output is long. */
    private static CompletionStage<TokenUsage> counting(TokenCounter tokens, PromptTokens prompt, boolean longOutput,
            Supplier<TokenUsage> count) {
        return longOutput || prompt.countsAside()
                ? CompletableFuture.supplyAsync(count, tokens.aside())
                : CompletableFuture.completedFuture(count.get());
    }

    private static void appendToolCalls(@Nullable List<ToolCall> calls, StringBuilder output) {
        if (calls != null) {
            for (ToolCall call : calls) {
                output.append(call.function().name()).append(call.function().arguments());
            }
        }
    }
}
