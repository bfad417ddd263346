package dev.hedge.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.StreamSubscriber;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.local.chat.GgufModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalProviderTest {

    private static LocalProvider provider;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("gguf-");
        Path model = Path.of(System.getProperty("hedge.shared.dir", "../shared"), "data", "models", "stories260K.gguf");
        Files.createSymbolicLink(dir.resolve("stories260K.gguf"), model.toAbsolutePath());
        provider = LocalProvider.create(Optional.of(GgufModels.scan(dir, 1, 2048, 1)), 2);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static ChatCompletionRequest request(int maxTokens, MessageContent content) {
        ChatCompletionRequest base = ChatCompletionRequest.of("stories260K",
                List.of(new ChatMessage("user", content, null, null, null, null, null, Map.of())));
        return new ChatCompletionRequest(base.model(), base.messages(), true, null, null, maxTokens, null, null, null,
                null, null, null, null, null, null, 7L, null, null, null, null, Map.of());
    }

    @Test
    void servesTheModelsOfItsDirectoryByFileStem() {
        assertThat(provider.chatModelNames()).containsExactly("stories260K");
    }

    @Test
    void stopsGeneratingWithinATokenOfACancellation() throws Exception {
        Cancellation cancellation = Cancellation.create();
        UpstreamStream<ChatCompletionChunk> stream = provider.streamChat(new UpstreamCall<>(
                request(2000, MessageContent.of("Once upon a time")), "req_1", cancellation)).toCompletableFuture().get();
        AtomicInteger afterCancel = new AtomicInteger();
        CompletableFuture<ProviderException> ended = new CompletableFuture<>();
        stream.start(new StreamSubscriber<>() {
            @Override
            public void onNext(ChatCompletionChunk item) {
                if (cancellation.isCancelled()) {
                    afterCancel.incrementAndGet();
                } else if (item.hasContent()) {
                    cancellation.cancel("client left");
                }
            }

            @Override
            public void onComplete() {
                ended.complete(null);
            }

            @Override
            public void onError(ProviderException error) {
                ended.complete(error);
            }
        });

        ProviderException end = ended.get(30, TimeUnit.SECONDS);
        assertThat(end).isNotNull();
        assertThat(end.kind()).isEqualTo(ProviderException.Kind.CANCELLED);
        assertThat(afterCancel.get()).isLessThanOrEqualTo(1);
    }

    @Test
    void refusesImagePartsAndSeveralChoices() {
        var image = provider.chat(new UpstreamCall<>(request(8, MessageContent.of(ContentPart.image("data:image/png;base64,AA", null))),
                "req_2", Cancellation.create()));
        assertThat(image).failsWithin(java.time.Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ProviderException.class).withMessageContaining("text only");
    }

    @Test
    void answersWithRealUsageAndALengthFinishAtTheLimit() throws Exception {
        ChatCompletion answer = provider.chat(new UpstreamCall<>(request(12, MessageContent.of("Lily had a dog")), "req_3",
                Cancellation.create())).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(answer.usage().completionTokens()).isEqualTo(12);
        assertThat(answer.choices().getFirst().finishReason()).isEqualTo("length");
        assertThat(answer.usage().promptTokens()).isGreaterThan(3);
    }
}
