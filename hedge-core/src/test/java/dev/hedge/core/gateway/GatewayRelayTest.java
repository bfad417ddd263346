package dev.hedge.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.json.Json;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.gateway.FakeProviders.Sent;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.ManualTicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The supplier's bytes on their way to the client: they go with an answer or chunk the gateway passes on
 * unchanged, and never with one it changed or made (usage taken out, usage filled in, a usage chunk of its own).
 */
class GatewayRelayTest {

    private static final ChatCompletionChunk ROLE = chunk(ChatCompletionChunk.Delta.role("assistant"), null, null);
    private static final ChatCompletionChunk TEXT = chunk(ChatCompletionChunk.Delta.content("Hi"), null, null);
    private static final ChatCompletionChunk STOP = chunk(ChatCompletionChunk.Delta.content(""), "stop", null);
    private static final Usage USAGE = new Usage(9, 1, 10, null, null, Map.of());
    private static final ChatCompletionChunk USAGE_ONLY = ChatCompletionChunk.usageOnly("c", 1, "m", USAGE);
    private static final ChatCompletionChunk STOP_WITH_USAGE = chunk(ChatCompletionChunk.Delta.content(""), "stop",
            USAGE);

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void chunksPassedOnUnchangedKeepTheirBytesBufferedOrNot() {
        List<Sent> sent = stream(true, ROLE, TEXT, STOP, USAGE_ONLY);

        assertThat(sent).extracting(Sent::item).containsExactly(ROLE, TEXT, STOP, USAGE_ONLY);
        assertThat(sent).allSatisfy(relayed -> assertThat(relayed.source()).isEqualTo(bytes(relayed.item())));
    }

    @Test
    void aChunkWhoseUsageIsTakenOutIsWrittenAndAUsageOnlyChunkIsDropped() {
        List<Sent> sent = stream(false, TEXT, STOP_WITH_USAGE, USAGE_ONLY);

        assertThat(sent).extracting(Sent::item).containsExactly(TEXT, STOP_WITH_USAGE.withUsage(null));
        assertThat(sent.get(0).source()).isEqualTo(bytes(TEXT));
        assertThat(sent.get(1).source()).isNull();
    }

    @Test
    void theUsageChunkTheGatewayMakesIsWritten() {
        List<Sent> sent = stream(true, TEXT, STOP);

        assertThat(sent).hasSize(3);
        assertThat(sent.get(2).item()).isInstanceOfSatisfying(ChatCompletionChunk.class,
                made -> assertThat(made.usage()).isNotNull());
        assertThat(sent.get(2).source()).isNull();
    }

    @Test
    void anAnswerWithItsUsageKeepsItsBytesAndOneWhoseUsageIsFilledInIsWritten() {
        ChatCompletion reported = completion(USAGE);
        ChatCompletion unreported = completion(null);

        Reply<ChatCompletion> relayed = chat(reported);
        Reply<ChatCompletion> filledIn = chat(unreported);

        assertThat(relayed.body()).isEqualTo(reported);
        assertThat(relayed.source()).isEqualTo(bytes(reported));
        assertThat(relayed.json()).isEqualTo(bytes(reported));
        assertThat(filledIn.body().usage()).isNotNull();
        assertThat(filledIn.source()).isNull();
        assertThat(filledIn.json()).isEqualTo(Json.write(filledIn.body()));
    }

    private List<Sent> stream(boolean clientWantsUsage, ChatCompletionChunk... chunks) {
        return FakeProviders.stream(gateway(new Supplier(null, List.of(chunks))), FakeProviders.context(ticker),
                streamed(clientWantsUsage));
    }

    private Reply<ChatCompletion> chat(ChatCompletion answer) {
        return gateway(new Supplier(answer, List.of())).chat(FakeProviders.context(ticker), hello())
                .toCompletableFuture().join();
    }

    private Gateway gateway(Provider supplier) {
        ModelSpec model = new ModelSpec("m", List.of(DeploymentSpec.of("s", "model-s", Prices.UNKNOWN)),
                Timeouts.DEFAULTS, RoutingPolicy.FALLBACK, Retries.DEFAULTS, BreakerSettings.DEFAULTS,
                Optional.empty());
        return Gateway.builder(Catalog.of(List.of(), List.of(supplier), List.of(model)), ticker).build();
    }

    /** A supplier whose every answer and chunk comes with its bytes (Hedge's own writing of it, for the test). */
    private record Supplier(@Nullable ChatCompletion answer, List<ChatCompletionChunk> chunks) implements Provider {

        @Override
        public String name() {
            return "s";
        }

        @Override
        public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
            return relayChat(call).thenApply(Relayed::value);
        }

        @Override
        public CompletionStage<Relayed<ChatCompletion>> relayChat(UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.completedFuture(new Relayed<>(answer, bytes(answer)));
        }

        @Override
        public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(
                UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.completedFuture(FakeProviders.upstream(chunks, GatewayRelayTest::bytes));
        }
    }

    private static byte[] bytes(@Nullable Object value) {
        return ("/* as sent */" + Json.writeString(value)).getBytes(StandardCharsets.UTF_8);
    }

    private static ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, @Nullable String finish,
            @Nullable Usage usage) {
        return new ChatCompletionChunk("c", ChatCompletionChunk.OBJECT, 1, "m",
                List.of(new ChatCompletionChunk.Choice(0, delta, finish, null, Map.of())), usage, null, null, Map.of());
    }

    private static ChatCompletion completion(@Nullable Usage usage) {
        return new ChatCompletion("c", ChatCompletion.OBJECT, 1, "m",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("Hi"), "stop", null, Map.of())), usage,
                null, null, Map.of());
    }

    private static ChatCompletionRequest streamed(boolean withUsage) {
        String options = withUsage ? "\"stream_options\":{\"include_usage\":true}," : "";
        String body = "{\"model\":\"m\",\"stream\":true,%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .formatted(options);
        try {
            return Json.read(body.getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatCompletionRequest hello() {
        return FakeProviders.hello("m");
    }
}
