package dev.hedge.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private static final String FIRST = "{\"role\": \"system\", \"content\": \"Be terse.\"}";

    @Test
    void aValidRequestPasses() throws Exception {
        assertThatCode(() -> RequestValidator.chat(chat("[" + FIRST + ", {\"role\": \"user\", \"content\": "
                + "[{\"type\": \"text\", \"text\": \"hi\"}]}], \"tools\": [{\"type\": \"function\", "
                + "\"function\": {\"name\": \"f\"}}]"))).doesNotThrowAnyException();
    }

    @Test
    void theErrorNamesTheMessageThePartAndTheToolByTheirIndex() throws Exception {
        assertThat(param("[" + FIRST + ", " + FIRST + ", {\"role\": \"robot\", \"content\": \"x\"}]"))
                .isEqualTo("messages[2].role");
        assertThat(param("[" + FIRST + ", {\"role\": \"tool\", \"content\": \"x\"}]"))
                .isEqualTo("messages[1].tool_call_id");
        assertThat(param("[" + FIRST + ", {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"a\"}, "
                + "{\"type\": \"image_url\", \"image_url\": {\"url\": \" \"}}]}]"))
                .isEqualTo("messages[1].content[1].image_url.url");
        assertThat(param("[" + FIRST + "], \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}, "
                + "{\"type\": \"function\", \"function\": {\"name\": \"\"}}]"))
                .isEqualTo("tools[1].function.name");
    }

    private static String param(String messagesAndMore) throws Exception {
        GatewayException error = catchThrowableOfType(GatewayException.class,
                () -> RequestValidator.chat(chat(messagesAndMore)));
        assertThat(error).as("a refusal for " + messagesAndMore).isNotNull();
        return error.error().param();
    }

    private static ChatCompletionRequest chat(String messagesAndMore) throws Exception {
        return Json.readChatRequest(("{\"model\": \"m\", \"messages\": " + messagesAndMore + "}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
