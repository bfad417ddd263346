package dev.hedge.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads a chat request from its bytes straight into {@link ChatCompletionRequest} and the records it holds, in
 * one pass of Jackson's streaming parser, when it has the shapes clients send: each field of the records at most
 * once and of the JSON type databind reads without coercion (a string, a boolean, an integer that fits the
 * component, any number for a {@code Double}), {@code null} wherever databind reads null, any other field into
 * the object's {@code extra} map as databind puts it there, nothing after the object.
 *
 * <p>Anything else and it reads nothing: a field sent twice, a value databind would coerce ({@code "2"} or
 * {@code 1.5} for an integer, {@code 1} for a boolean, a number for a string) or reject (an integer out of the
 * component's range, an object where a string belongs), a {@code null} in a list, a number too large for a
 * double, a field unknown to a record without {@code extra} (databind drops it), an unknown field named like a
 * record component ({@code extra} itself, which databind treats apart), trailing or malformed JSON. The caller
 * then reads the bytes with databind, which makes the record, or the error naming the problem, exactly as it
 * did before this reader: giving up is always safe, it only costs time.
 *
 * <p>For every request it reads, the record equals databind's and is written upstream as the same bytes
 * ({@code ChatRequestReaderPropertiesTest}). A component added to one of these records must be read here too:
 * {@code ChatRequestReaderTest} sets every property databind knows in each record and fails until it is.
 * Stateless and thread-safe.
 */
final class ChatRequestReader {

    /** The request left the shapes read here: preallocated, without a stack trace, caught in this class only. */
    private static final class Unhandled extends Exception {
        private static final long serialVersionUID = 1L;

        Unhandled() {
            super("not a shape the typed reader handles", null, false, false);
        }
    }

    private static final Unhandled UNHANDLED = new Unhandled();

    private static final String[] ROLES = {"system", "developer", "user", "assistant", "tool"};
    private static final String[] PART_TYPES = {ContentPart.TEXT, ContentPart.IMAGE_URL, "input_audio", "file"};
    private static final String[] TOOL_TYPES = {"function"};

    private static final Set<String> REQUEST = components(ChatCompletionRequest.class);
    private static final Set<String> MESSAGE = components(ChatMessage.class);
    private static final Set<String> PART = components(ContentPart.class);
    private static final Set<String> TOOL_CALL = components(ToolCall.class);
    private static final Set<String> TOOL = components(Tool.class);
    private static final Set<String> FUNCTION_DEFINITION = components(Tool.FunctionDefinition.class);
    private static final Set<String> STREAM_OPTIONS = components(StreamOptions.class);
    private static final Set<String> RESPONSE_FORMAT = components(ResponseFormat.class);
    private static final Set<String> JSON_SCHEMA = components(ResponseFormat.JsonSchema.class);

    private ChatRequestReader() {}

    /** The request in {@code json}, or empty when it leaves the shapes read here. */
    static Optional<ChatCompletionRequest> read(byte[] json) {
        try (JsonParser p = Json.mapper().createParser(json)) {
            ChatCompletionRequest request = request(p, p.nextToken());
            return p.nextToken() == null ? Optional.of(request) : Optional.empty();
        } catch (Unhandled | IOException notAShapeReadHere) {
            return Optional.empty();
        }
    }

    private static ChatCompletionRequest request(JsonParser p, @Nullable JsonToken token)
            throws IOException, Unhandled {
        object(token);
        String model = null;
        List<ChatMessage> messages = null;
        Boolean stream = null;
        StreamOptions streamOptions = null;
        Integer maxTokens = null;
        Integer maxCompletionTokens = null;
        Integer n = null;
        Double temperature = null;
        Double topP = null;
        JsonNode stop = null;
        List<Tool> tools = null;
        JsonNode toolChoice = null;
        Boolean parallelToolCalls = null;
        ResponseFormat responseFormat = null;
        String user = null;
        Long seed = null;
        Boolean logprobs = null;
        Integer topLogprobs = null;
        Double presencePenalty = null;
        Double frequencyPenalty = null;
        Extra extra = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "model" -> {
                    seen = once(seen, 1);
                    model = string(p, value);
                }
                case "messages" -> {
                    seen = once(seen, 1 << 1);
                    messages = list(p, value, ChatRequestReader::message);
                }
                case "stream" -> {
                    seen = once(seen, 1 << 2);
                    stream = bool(value);
                }
                case "stream_options" -> {
                    seen = once(seen, 1 << 3);
                    streamOptions = value == JsonToken.VALUE_NULL ? null : streamOptions(p, value);
                }
                case "max_tokens" -> {
                    seen = once(seen, 1 << 4);
                    maxTokens = integer(p, value);
                }
                case "max_completion_tokens" -> {
                    seen = once(seen, 1 << 5);
                    maxCompletionTokens = integer(p, value);
                }
                case "n" -> {
                    seen = once(seen, 1 << 6);
                    n = integer(p, value);
                }
                case "temperature" -> {
                    seen = once(seen, 1 << 7);
                    temperature = decimal(p, value);
                }
                case "top_p" -> {
                    seen = once(seen, 1 << 8);
                    topP = decimal(p, value);
                }
                case "stop" -> {
                    seen = once(seen, 1 << 9);
                    stop = node(p, value);
                }
                case "tools" -> {
                    seen = once(seen, 1 << 10);
                    tools = list(p, value, ChatRequestReader::tool);
                }
                case "tool_choice" -> {
                    seen = once(seen, 1 << 11);
                    toolChoice = node(p, value);
                }
                case "parallel_tool_calls" -> {
                    seen = once(seen, 1 << 12);
                    parallelToolCalls = bool(value);
                }
                case "response_format" -> {
                    seen = once(seen, 1 << 13);
                    responseFormat = value == JsonToken.VALUE_NULL ? null : responseFormat(p, value);
                }
                case "user" -> {
                    seen = once(seen, 1 << 14);
                    user = string(p, value);
                }
                case "seed" -> {
                    seen = once(seen, 1 << 15);
                    seed = longInteger(p, value);
                }
                case "logprobs" -> {
                    seen = once(seen, 1 << 16);
                    logprobs = bool(value);
                }
                case "top_logprobs" -> {
                    seen = once(seen, 1 << 17);
                    topLogprobs = integer(p, value);
                }
                case "presence_penalty" -> {
                    seen = once(seen, 1 << 18);
                    presencePenalty = decimal(p, value);
                }
                case "frequency_penalty" -> {
                    seen = once(seen, 1 << 19);
                    frequencyPenalty = decimal(p, value);
                }
                default -> extra = extra(p, value, name, extra, REQUEST);
            }
        }
        return new ChatCompletionRequest(model, messages, stream, streamOptions, maxTokens, maxCompletionTokens, n,
                temperature, topP, stop, tools, toolChoice, parallelToolCalls, responseFormat, user, seed, logprobs,
                topLogprobs, presencePenalty, frequencyPenalty, map(extra));
    }

    private static ChatMessage message(JsonParser p, JsonToken token) throws IOException, Unhandled {
        object(token);
        String role = null;
        MessageContent content = null;
        String name = null;
        List<ToolCall> toolCalls = null;
        String toolCallId = null;
        String refusal = null;
        JsonNode functionCall = null;
        Extra extra = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "role" -> {
                    seen = once(seen, 1);
                    role = usual(p, value, ROLES);
                }
                case "content" -> {
                    seen = once(seen, 1 << 1);
                    content = content(p, value);
                }
                case "name" -> {
                    seen = once(seen, 1 << 2);
                    name = string(p, value);
                }
                case "tool_calls" -> {
                    seen = once(seen, 1 << 3);
                    toolCalls = list(p, value, ChatRequestReader::toolCall);
                }
                case "tool_call_id" -> {
                    seen = once(seen, 1 << 4);
                    toolCallId = string(p, value);
                }
                case "refusal" -> {
                    seen = once(seen, 1 << 5);
                    refusal = string(p, value);
                }
                case "function_call" -> {
                    seen = once(seen, 1 << 6);
                    functionCall = node(p, value);
                }
                default -> extra = extra(p, value, field, extra, MESSAGE);
            }
        }
        return new ChatMessage(role, content, name, toolCalls, toolCallId, refusal, functionCall, map(extra));
    }

    /** A string or an array of parts, as {@link MessageContent.Reader} reads it; null is no content. */
    private static @Nullable MessageContent content(JsonParser p, JsonToken token) throws IOException, Unhandled {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> new MessageContent.Text(p.getText());
            case START_ARRAY -> new MessageContent.Parts(elements(p, ChatRequestReader::part));
            default -> throw UNHANDLED;
        };
    }

    private static ContentPart part(JsonParser p, JsonToken token) throws IOException, Unhandled {
        object(token);
        String type = null;
        String text = null;
        ContentPart.ImageUrl imageUrl = null;
        JsonNode inputAudio = null;
        JsonNode file = null;
        String refusal = null;
        Extra extra = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    seen = once(seen, 1);
                    type = usual(p, value, PART_TYPES);
                }
                case "text" -> {
                    seen = once(seen, 1 << 1);
                    text = string(p, value);
                }
                case "image_url" -> {
                    seen = once(seen, 1 << 2);
                    imageUrl = value == JsonToken.VALUE_NULL ? null
                            : twoStrings(p, value, "url", "detail", ContentPart.ImageUrl::new);
                }
                case "input_audio" -> {
                    seen = once(seen, 1 << 3);
                    inputAudio = node(p, value);
                }
                case "file" -> {
                    seen = once(seen, 1 << 4);
                    file = node(p, value);
                }
                case "refusal" -> {
                    seen = once(seen, 1 << 5);
                    refusal = string(p, value);
                }
                default -> extra = extra(p, value, name, extra, PART);
            }
        }
        return new ContentPart(type, text, imageUrl, inputAudio, file, refusal, map(extra));
    }

    private static ToolCall toolCall(JsonParser p, JsonToken token) throws IOException, Unhandled {
        object(token);
        String id = null;
        String type = null;
        ToolCall.FunctionCall function = null;
        Extra extra = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> {
                    seen = once(seen, 1);
                    id = string(p, value);
                }
                case "type" -> {
                    seen = once(seen, 1 << 1);
                    type = usual(p, value, TOOL_TYPES);
                }
                case "function" -> {
                    seen = once(seen, 1 << 2);
                    function = value == JsonToken.VALUE_NULL ? null
                            : twoStrings(p, value, "name", "arguments", ToolCall.FunctionCall::new);
                }
                default -> extra = extra(p, value, name, extra, TOOL_CALL);
            }
        }
        return new ToolCall(id, type, function, map(extra));
    }

    private static Tool tool(JsonParser p, JsonToken token) throws IOException, Unhandled {
        object(token);
        String type = null;
        Tool.FunctionDefinition function = null;
        Extra extra = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    seen = once(seen, 1);
                    type = usual(p, value, TOOL_TYPES);
                }
                case "function" -> {
                    seen = once(seen, 1 << 1);
                    function = value == JsonToken.VALUE_NULL ? null
                            : namedSchema(p, value, "parameters", FUNCTION_DEFINITION, Tool.FunctionDefinition::new);
                }
                default -> extra = extra(p, value, name, extra, TOOL);
            }
        }
        return new Tool(type, function, map(extra));
    }

    private static StreamOptions streamOptions(JsonParser p, JsonToken token) throws IOException, Unhandled {
        object(token);
        Boolean includeUsage = null;
        Extra extra = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            if (name.equals("include_usage")) {
                seen = once(seen, 1);
                includeUsage = bool(value);
            } else {
                extra = extra(p, value, name, extra, STREAM_OPTIONS);
            }
        }
        return new StreamOptions(includeUsage, map(extra));
    }

    private static ResponseFormat responseFormat(JsonParser p, JsonToken token) throws IOException, Unhandled {
        object(token);
        String type = null;
        ResponseFormat.JsonSchema jsonSchema = null;
        Extra extra = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    seen = once(seen, 1);
                    type = string(p, value);
                }
                case "json_schema" -> {
                    seen = once(seen, 1 << 1);
                    jsonSchema = value == JsonToken.VALUE_NULL ? null
                            : namedSchema(p, value, "schema", JSON_SCHEMA, ResponseFormat.JsonSchema::new);
                }
                default -> extra = extra(p, value, name, extra, RESPONSE_FORMAT);
            }
        }
        return new ResponseFormat(type, jsonSchema, map(extra));
    }

    /** Makes a function definition or a response format's schema from its components. */
    @FunctionalInterface
    private interface NamedSchemaMaker<T> {
        T make(@Nullable String name, @Nullable String description, @Nullable JsonNode schema,
                @Nullable Boolean strict, Map<String, JsonNode> extra);
    }

    /**
     * A function's definition or a response format's schema: the same components, the schema named apart
     * ({@code parameters}, {@code schema}).
     */
    private static <T> T namedSchema(JsonParser p, JsonToken token, String schemaField, Set<String> components,
            NamedSchemaMaker<T> maker) throws IOException, Unhandled {
        object(token);
        String name = null;
        String description = null;
        JsonNode schema = null;
        Boolean strict = null;
        Extra extra = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    seen = once(seen, 1);
                    name = string(p, value);
                }
                case "description" -> {
                    seen = once(seen, 1 << 1);
                    description = string(p, value);
                }
                case "strict" -> {
                    seen = once(seen, 1 << 2);
                    strict = bool(value);
                }
                default -> {
                    if (field.equals(schemaField)) {
                        seen = once(seen, 1 << 3);
                        schema = node(p, value);
                    } else {
                        extra = extra(p, value, field, extra, components);
                    }
                }
            }
        }
        return maker.make(name, description, schema, strict, map(extra));
    }

    /** Makes an image reference or a tool call's function from its two strings. */
    @FunctionalInterface
    private interface TwoStringsMaker<T> {
        T make(@Nullable String first, @Nullable String second);
    }

    /**
     * An object of two strings and no {@code extra} ({@link ContentPart.ImageUrl}, {@link ToolCall.FunctionCall}):
     * databind drops any other field, left to it.
     */
    private static <T> T twoStrings(JsonParser p, JsonToken token, String firstName, String secondName,
            TwoStringsMaker<T> maker) throws IOException, Unhandled {
        object(token);
        String first = null;
        String second = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            if (name.equals(firstName)) {
                seen = once(seen, 1);
                first = string(p, value);
            } else if (name.equals(secondName)) {
                seen = once(seen, 1 << 1);
                second = string(p, value);
            } else {
                throw UNHANDLED;
            }
        }
        return maker.make(first, second);
    }

    /** Reads one element of a list, an object; anything else (a null included) leaves the shapes read here. */
    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonParser p, JsonToken token) throws IOException, Unhandled;
    }

    private static <T> @Nullable List<T> list(JsonParser p, JsonToken token, ElementReader<T> element)
            throws IOException, Unhandled {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw UNHANDLED;
        }
        return elements(p, element);
    }

    /** The elements of the array the parser is at, as databind fills a list: an {@link ArrayList}. */
    private static <T> List<T> elements(JsonParser p, ElementReader<T> element) throws IOException, Unhandled {
        List<T> list = new ArrayList<>();
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            list.add(element.read(p, item));
        }
        return list;
    }

    /** The fields of an object that no component names, latest first. */
    private record Extra(String name, JsonNode value, @Nullable Extra next) {}

    /** A field no component names, kept for {@code extra}; one named like a component is left to databind. */
    private static Extra extra(JsonParser p, JsonToken token, String name, @Nullable Extra extra,
            Set<String> components) throws IOException, Unhandled {
        if (components.contains(name)) {
            throw UNHANDLED;
        }
        return new Extra(name, node(p, token), extra);
    }

    /**
     * The {@code extra} map as databind fills it: a {@link HashMap}, the fields put in reverse order (its buffer
     * of a creator's properties is a list it prepends to), so that the map iterates, and is written upstream,
     * in the same order; a field sent twice is left to databind.
     */
    private static Map<String, JsonNode> map(@Nullable Extra extra) throws Unhandled {
        if (extra == null) {
            return Map.of();
        }
        Map<String, JsonNode> map = new HashMap<>();
        for (Extra field = extra; field != null; field = field.next()) {
            if (map.put(field.name(), field.value()) != null) {
                throw UNHANDLED;
            }
        }
        return map;
    }

    /** A value of any shape, as databind makes it for a {@link JsonNode} component (null is {@link NullNode}). */
    private static JsonNode node(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            default -> Json.mapper().readTree(p);
        };
    }

    /** Marks a field seen; a field sent twice is left to databind (which keeps one or the other). */
    private static int once(int seen, int field) throws Unhandled {
        if ((seen & field) != 0) {
            throw UNHANDLED;
        }
        return seen | field;
    }

    private static void object(@Nullable JsonToken token) throws Unhandled {
        if (token != JsonToken.START_OBJECT) {
            throw UNHANDLED;
        }
    }

    private static @Nullable String string(JsonParser p, JsonToken token) throws IOException, Unhandled {
        if (token == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            throw UNHANDLED; // databind writes a number or a boolean as text, and rejects the rest
        }
        return null;
    }

    /**
     * A string that is usually one of {@code values} (a role, a type): the constant, without making a string,
     * when it is one (it equals the string databind makes).
     */
    private static @Nullable String usual(JsonParser p, JsonToken token, String[] values)
            throws IOException, Unhandled {
        if (token != JsonToken.VALUE_STRING) {
            return string(p, token);
        }
        String constant = ParserText.constant(p, values);
        return constant != null ? constant : p.getText();
    }

    private static @Nullable Boolean bool(JsonToken token) throws Unhandled {
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw UNHANDLED;
        };
    }

    /** An {@code Integer}: databind truncates a fraction, parses a string and rejects a larger number. */
    private static @Nullable Integer integer(JsonParser p, JsonToken token) throws IOException, Unhandled {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw UNHANDLED;
        }
        return p.getIntValue();
    }

    private static @Nullable Long longInteger(JsonParser p, JsonToken token) throws IOException, Unhandled {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw UNHANDLED;
        }
        return p.getLongValue();
    }

    /**
     * A {@code Double} from any JSON number, {@code 1} as {@code 1.0}, as databind reads it; an integer beyond
     * {@code long} or a number beyond a double's range is left to databind.
     */
    private static @Nullable Double decimal(JsonParser p, JsonToken token) throws IOException, Unhandled {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        boolean number = token == JsonToken.VALUE_NUMBER_FLOAT
                || token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        if (!number) {
            throw UNHANDLED;
        }
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw UNHANDLED;
        }
        return value;
    }

    /** The Java names of a record's components: unknown fields so named are left to databind. */
    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toUnmodifiableSet());
    }
}
