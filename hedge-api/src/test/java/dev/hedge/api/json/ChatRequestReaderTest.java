package dev.hedge.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ResponseFormat;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.chat.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed request reader on the bodies clients send every day, and on the ones it leaves to databind. */
class ChatRequestReaderTest {

    /** Where each record of the request sits in a body: {@code %s} is one field of it. */
    private static final Map<Class<?>, String> PLACES = Map.ofEntries(
            Map.entry(ChatCompletionRequest.class, "{%s}"),
            Map.entry(ChatMessage.class, "{\"messages\":[{%s}]}"),
            Map.entry(ContentPart.class, "{\"messages\":[{\"content\":[{%s}]}]}"),
            Map.entry(ContentPart.ImageUrl.class, "{\"messages\":[{\"content\":[{\"image_url\":{%s}}]}]}"),
            Map.entry(ToolCall.class, "{\"messages\":[{\"tool_calls\":[{%s}]}]}"),
            Map.entry(ToolCall.FunctionCall.class, "{\"messages\":[{\"tool_calls\":[{\"function\":{%s}}]}]}"),
            Map.entry(Tool.class, "{\"tools\":[{%s}]}"),
            Map.entry(Tool.FunctionDefinition.class, "{\"tools\":[{\"function\":{%s}}]}"),
            Map.entry(StreamOptions.class, "{\"stream_options\":{%s}}"),
            Map.entry(ResponseFormat.class, "{\"response_format\":{%s}}"),
            Map.entry(ResponseFormat.JsonSchema.class, "{\"response_format\":{\"json_schema\":{%s}}}"));

    @Test
    void loadHarnessRequestIsReadTyped() throws IOException {
        ChatCompletionRequest request = assertReadTyped("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say hello in five words.\"}],"
                + "\"max_tokens\":32}");

        assertThat(request).isEqualTo(new ChatCompletionRequest("gpt-4o-mini",
                List.of(ChatMessage.system("You are terse."), ChatMessage.user("Say hello in five words.")), null, null,
                32, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of()));
    }

    @Test
    void sdkConversationWithToolsImagesAndVendorFieldsIsReadTyped() throws IOException {
        ChatCompletionRequest request = assertReadTyped("""
                {
                  "messages": [
                    {"content": "Be terse \\u2713", "role": "developer"},
                    {"content": [{"text": "What is on it? \\ud83d\\ude00", "type": "text"},
                      {"image_url": {"detail": "low", "url": "data:image/png;base64,AAAA"}, "type": "image_url"}],
                     "role": "user", "name": "ada"},
                    {"role": "assistant", "content": null, "refusal": null, "annotations": [],
                     "tool_calls": [{"function": {"arguments": "{\\"city\\":\\"Paris\\"}", "name": "weather"},
                       "id": "call_1", "type": "function"}]},
                    {"content": "18 °C", "role": "tool", "tool_call_id": "call_1"}
                  ],
                  "model": "gpt-4.1",
                  "stream": true,
                  "stream_options": {"include_usage": true},
                  "temperature": 1,
                  "top_p": 0.95,
                  "max_completion_tokens": 512,
                  "stop": ["\\n\\n", "END"],
                  "seed": 12345678901,
                  "tools": [{"type": "function", "function": {"name": "weather", "description": "Weather now",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                    "strict": true}}],
                  "tool_choice": {"type": "function", "function": {"name": "weather"}},
                  "parallel_tool_calls": false,
                  "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                    "schema": {"type": "object", "minimum": 1.50}}},
                  "metadata": {"team": "search"},
                  "reasoning_effort": "low",
                  "store": false
                }
                """);

        assertThat(request.temperature()).isEqualTo(1.0);
        assertThat(request.messages()).hasSize(4);
        assertThat(request.messages().get(1).content()).isEqualTo(MessageContent.of(
                ContentPart.text("What is on it? \ud83d\ude00"), ContentPart.image("data:image/png;base64,AAAA", "low")));
        assertThat(request.messages().get(2).toolCalls())
                .containsExactly(ToolCall.function("call_1", "weather", "{\"city\":\"Paris\"}"));
        assertThat(request.messages().get(2).extra()).containsOnlyKeys("annotations");
        assertThat(request.stop()).hasSize(2);
        assertThat(request.extra()).containsOnlyKeys("metadata", "reasoning_effort", "store");
    }

    @Test
    void nullsAreReadAsDatabindReadsThem() throws IOException {
        ChatCompletionRequest request = assertReadTyped("{\"model\":null,\"messages\":[{\"role\":\"assistant\","
                + "\"content\":null,\"function_call\":null}],\"stop\":null,\"tool_choice\":null,\"stream_options\":null,"
                + "\"temperature\":null,\"vendor\":null}");

        assertThat(request.stop()).isEqualTo(NullNode.getInstance());
        assertThat(request.toolChoice()).isEqualTo(NullNode.getInstance());
        assertThat(request.messages().getFirst().content()).isNull();
        assertThat(request.messages().getFirst().functionCall()).isEqualTo(NullNode.getInstance());
        assertThat(request.extra()).containsEntry("vendor", NullNode.getInstance());
    }

    @Test
    void everyPropertyDatabindKnowsIsReadTyped() throws IOException {
        ObjectMapper mapper = Json.mapper();
        for (Map.Entry<Class<?>, String> place : PLACES.entrySet()) {
            BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(place.getKey()));
            for (BeanPropertyDefinition property : bean.findProperties()) {
                String body = place.getValue().formatted("\"" + property.getName() + "\":null");
                if (property.getName().equals("extra")) {
                    assertThat(ChatRequestReader.read(bytes(body))).as(body).isEmpty();
                } else {
                    assertReadTyped(body);
                }
            }
        }
    }

    @Test
    void unknownFieldsGoToExtraInTheOrderDatabindWritesThem() throws IOException {
        StringBuilder fields = new StringBuilder("\"model\":\"m\"");
        for (int i = 0; i < 40; i++) {
            fields.append(",\"k").append(i * 7919 % 1000).append("\":").append(i);
        }
        ChatCompletionRequest request = assertReadTyped("{" + fields + "}");

        assertThat(request.extra()).hasSize(40).containsEntry("k919", node("1"));
    }

    @Test
    void stringsWithEscapesAreReadAsTheyMean() throws IOException {
        ChatCompletionRequest request = assertReadTyped("{\"messages\":[{\"role\":\"u\\u0073er\",\"content\":"
                + "\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"}],\"stop\":\"\\u0000\"}");

        assertThat(request.messages().getFirst()).isEqualTo(ChatMessage.user("a\"b\\c\né😀"));
        assertThat(request.stop()).isEqualTo(TextNode.valueOf("\u0000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"a\",\"model\":\"b\"}",
        "{\"x\":1,\"x\":2}",
        "{\"model\":\"a\"} {}",
        "{\"model\":\"a\"} x",
        "{\"model\":\"a\"",
        "[{\"model\":\"a\"}]",
        "{\"n\":2147483648}",
        "{\"max_tokens\":1.5}",
        "{\"max_tokens\":\"32\"}",
        "{\"seed\":18446744073709551616}",
        "{\"temperature\":\"0.5\"}",
        "{\"temperature\":1e400}",
        "{\"temperature\":123456789012345678901234567890}",
        "{\"stream\":1}",
        "{\"stream\":\"true\"}",
        "{\"model\":5}",
        "{\"model\":{}}",
        "{\"messages\":{}}",
        "{\"messages\":[null]}",
        "{\"messages\":[\"hi\"]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":5}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[null]}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\",\"x\":1}}]}]}",
        "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"extra\":1}}]}]}",
        "{\"extra\":{\"a\":1}}",
        "{\"maxTokens\":5}",
        "{\"stream_options\":{\"includeUsage\":true}}",
        "{\"tools\":[{\"type\":\"function\",\"function\":\"f\"}]}",
    })
    void leavesOtherShapesToDatabind(String body) {
        assertThat(ChatRequestReader.read(bytes(body))).isEmpty();
        assertReadsAsDatabind(body);
    }

    private static ChatCompletionRequest assertReadTyped(String body) throws IOException {
        ChatCompletionRequest databind = Json.read(bytes(body), ChatCompletionRequest.class);
        Optional<ChatCompletionRequest> typed = ChatRequestReader.read(bytes(body));

        assertThat(typed).as(body).isPresent();
        assertThat(typed.get()).as(body).isEqualTo(databind);
        assertThat(Json.writeString(typed.get())).as(body).isEqualTo(Json.writeString(databind));
        assertThat(Json.readChatRequest(bytes(body))).isEqualTo(databind);
        return typed.get();
    }

    private static void assertReadsAsDatabind(String body) {
        ChatCompletionRequest databind;
        try {
            databind = Json.read(bytes(body), ChatCompletionRequest.class);
        } catch (IOException e) {
            assertThatThrownBy(() -> Json.readChatRequest(bytes(body)))
                    .isInstanceOf(e.getClass())
                    .hasMessage(e.getMessage());
            return;
        }
        try {
            assertThat(Json.readChatRequest(bytes(body))).isEqualTo(databind);
        } catch (IOException e) {
            throw new AssertionError("databind read " + body + " but Json.readChatRequest failed", e);
        }
    }

    private static JsonNode node(String json) throws IOException {
        return Json.tree(bytes(json));
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
