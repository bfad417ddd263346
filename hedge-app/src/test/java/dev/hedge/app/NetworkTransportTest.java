package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Where Netty's native library loads, the event loops run on epoll, and requests travel over it both ways. */
class NetworkTransportTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void onLinuxTheServerAndItsUpstreamCallsRunOnNativeEpoll() {
        try (FakeUpstream upstream = FakeUpstream.start();
                TestHedge hedge = TestHedge.start(TestHedge.oneFakeModel(upstream.baseUrl()))) {
            assertThat(hedge.app().transport()).isEqualTo("native epoll");

            upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "Hello over epoll", 5, 4)));
            ChatCompletion answer = hedge.client().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("Say hello").build());

            assertThat(answer.choices().getFirst().message().content()).contains("Hello over epoll");
            assertThat(upstream.lastRequest().json().path("model").asText()).isEqualTo("gpt-4o-mini");
        }
    }
}
