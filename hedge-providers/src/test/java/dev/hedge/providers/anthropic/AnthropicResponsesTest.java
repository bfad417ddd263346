package dev.hedge.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.drift.DriftRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic message objects (as its Messages API documents them) → OpenAI chat completions. */
class AnthropicResponsesTest {

    private final DriftRegistry drift = new DriftRegistry(new ManualTicker());
    private final DriftGuard guard = new DriftGuard("claude", false, drift, new ManualTicker());

    private ChatCompletion read(String message) throws IOException {
        return AnthropicResponses.completion(guard, "claude-sonnet-4",
                Json.tree(message.getBytes(StandardCharsets.UTF_8)), 1_700_000_000L, List.of());
    }

    @Test
    void thinkingIsLeftOutToolUseBecomesAToolCallAndCacheTokensCountAsPrompt() throws IOException {
        ChatCompletion completion = read("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
                 "content":[{"type":"thinking","thinking":"Let me think","signature":"sig"},
                            {"type":"text","text":"Checking."},
                            {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Oslo"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":30}}
                """);

        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(completion.id()).isEqualTo("msg_1");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(choice.message().text()).isEqualTo("Checking.");
        assertThat(choice.finishReason()).isEqualTo("tool_calls");
        assertThat(choice.message().toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("toolu_1");
            assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Oslo\"}");
        });
        assertThat(completion.usage().promptTokens()).isEqualTo(115);
        assertThat(completion.usage().cachedTokens()).isEqualTo(100);
        assertThat(completion.usage().cacheWriteTokens()).isEqualTo(5);
        assertThat(drift.snapshot().entries()).isEmpty();
    }

    @Test
    void anUnknownStopReasonIsReadAsStopAndCounted() throws IOException {
        ChatCompletion completion = read("""
                {"id":"msg_2","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Hi"}],
                 "stop_reason":"brand_new_reason","usage":{"input_tokens":1,"output_tokens":1}}
                """);

        assertThat(completion.choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(drift.snapshot().count(DriftKind.UNKNOWN_VALUE)).isEqualTo(1);
    }

    @Test
    void anErrorObjectInPlaceOfAMessageIsTheSuppliersError() {
        assertThatThrownBy(() -> read("""
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(529);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void aMessageWithoutContentIsRejectedNamingTheField() {
        assertThatThrownBy(() -> read("""
                {"id":"msg_3","type":"message","role":"assistant","model":"m","stop_reason":"end_turn"}"""))
                .isInstanceOf(ProviderException.class).hasMessageContaining("'content'");
    }
}
