package dev.hedge.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

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
