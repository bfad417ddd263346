package dev.hedge.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private static final TokenCounter COUNTER = new TokenCounter();
    /** Code points from ASCII, accented Latin, Greek, CJK, emoji and whitespace, mixed. */
    private static final int[][] RANGES = {{0x20, 0x7e}, {0xc0, 0x17f}, {0x391, 0x3c9}, {0x4e00, 0x4fff},
        {0x1f600, 0x1f64f}, {0x0a, 0x0a}};

    private static String text(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int[] range = RANGES[random.nextInt(RANGES.length)];
            int runs = 1 + random.nextInt(12);
            for (int i = 0; i < runs; i++) {
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
        }
        return text.toString();
    }

    @Test
    void theChatBoundIsNeverBelowTheCount() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            List<ChatMessage> messages = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                messages.add(ChatMessage.of(i == 0 ? "system" : "user", text(random, random.nextInt(400))));
            }
            for (String model : List.of("gpt-4o", "gpt-4", "mistral-large")) {
                assertThat(TokenCounter.boundChatPrompt(messages, null))
                        .as("bound of %s for %s", messages, model)
                        .isGreaterThanOrEqualTo(COUNTER.countChatPrompt(model, messages, null));
            }
        }
    }

    @Test
    void theInputBoundIsNeverBelowTheCount() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 100; round++) {
            List<Object> inputs = List.of(text(random, random.nextInt(300)),
                    List.of(text(random, 50), text(random, 80)), List.of(1, 2, 3, 100_257));
            for (Object input : inputs) {
                JsonNode node = Json.mapper().valueToTree(input);
                assertThat(TokenCounter.boundInput(node)).isGreaterThanOrEqualTo(COUNTER.countInput("gpt-4o", node));
            }
        }
    }

    @Test
    void aPromptIsCountedOnceAndItsBoundBecomesTheCountAfterwards() {
        int[] calls = {0};
        PromptTokens prompt = PromptTokens.of(() -> {
            calls[0]++;
            return 42;
        }, () -> 120);
        assertThat(prompt.atMost()).isEqualTo(120);
        assertThat(prompt.count()).isEqualTo(42);
        assertThat(prompt.count()).isEqualTo(42);
        assertThat(prompt.atMost()).isEqualTo(42);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void aLongPromptIsCountedAsideAndAShortOneAtOnce() {
        List<Runnable> aside = new ArrayList<>();
        int longest = 3 * TokenCounter.ASIDE_CHARS;
        PromptTokens shortOne = PromptTokens.of(() -> 7, () -> longest, aside::add);
        assertThat(shortOne.countsAside()).isFalse();
        assertThat(shortOne.counted().toCompletableFuture()).isCompletedWithValue(7);
        assertThat(aside).isEmpty();

        PromptTokens longOne = PromptTokens.of(() -> 9, () -> longest + 1, aside::add);
        assertThat(longOne.countsAside()).isTrue();
        CompletableFuture<Integer> later = longOne.counted().toCompletableFuture();
        assertThat(later).isNotDone();
        assertThat(aside).hasSize(1);
        aside.getFirst().run();
        assertThat(later).isCompletedWithValue(9);
        assertThat(longOne.countsAside()).as("counted now").isFalse();
        assertThat(longOne.counted().toCompletableFuture()).isCompletedWithValue(9);
        assertThat(aside).hasSize(1);
    }

    @Test
    void warmUpLoadsTheEncodingsOfTheGivenModels() throws Exception {
        TokenCounter tokens = new TokenCounter();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // gpt-4o-mini counts with o200k_base, the others with cl100k_base: both load, each once
            tokens.warmUp(List.of("gpt-4o-mini", "gpt-4", "mistral-small", "openai/gpt-4o"), executor)
                    .get(60, TimeUnit.SECONDS);
        }
        assertThat(tokens.countText("gpt-4o-mini", "hello world")).isEqualTo(2);
        assertThat(tokens.countText("gpt-4", "hello world")).isEqualTo(2);
        assertThat(tokens.countText("gpt-4o", "")).isZero();
    }

    @Test
    void warmUpOfNoModelsCompletesAtOnce() {
        TokenCounter tokens = new TokenCounter();
        assertThat(tokens.warmUp(List.of(), Runnable::run)).isCompleted();
    }
}
