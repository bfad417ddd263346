package dev.hedge.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.core.gateway.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chat request body read the server's way ({@link JsonBodies#chatRequest}: typed in one pass where it can) gives
 * what databind gives: the same record, or the same 400 naming the same parameter.
 */
class JsonBodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":1,\"x\":[1,2.50]}",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}",
        "{\"model\":\"m\",\"n\":\"2\"}",
        "{\"model\":\"m\",\"model\":\"n\"}",
        "{\"model\":\"m\"} trailing",
    })
    void readsTheRecordDatabindReads(String body) {
        assertThat(JsonBodies.chatRequest(bytes(body)))
                .isEqualTo(JsonBodies.parse(bytes(body), ChatCompletionRequest.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        " \n",
        "[]",
        "{\"model\":\"m\"",
        "{\"model\":\"m\",}",
        "{\"messages\":{}}",
        "{\"messages\":[{\"role\":\"user\",\"content\":5}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[null]}]}",
        "{\"n\":2147483648}",
        "{\"max_tokens\":true}",
        "{\"stream\":{}}",
        "{\"tools\":[{\"type\":\"function\",\"function\":\"f\"}]}",
        "{\"seed\":18446744073709551616}",
    })
    void badBodiesGetDatabindsError(String body) {
        GatewayException typed = catchThrowableOfType(GatewayException.class,
                () -> JsonBodies.chatRequest(bytes(body)));
        GatewayException databind = catchThrowableOfType(GatewayException.class,
                () -> JsonBodies.parse(bytes(body), ChatCompletionRequest.class));

        assertThat(databind).as("databind's error").isNotNull();
        assertThat(typed).as("the server's error").isNotNull();
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.error()).isEqualTo(databind.error());
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
