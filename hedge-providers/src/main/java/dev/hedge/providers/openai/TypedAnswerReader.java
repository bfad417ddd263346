package dev.hedge.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.json.Json;
import dev.hedge.api.json.ParserText;
import dev.hedge.api.usage.Usage;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftGuard.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads an OpenAI {@code chat.completion} or {@code chat.completion.chunk} from its bytes straight into our
 * records, in one pass of a streaming parser, when it has exactly the shape the {@link DriftGuard} accepts
 * without a word: only fields OpenAI's schema names, each once and of the expected JSON type, enum values among
 * the schema's, every required field present (a required field may be null only where the schema allows null),
 * nothing after the object. Anything else (an unknown field, a wrong type, a value the guard would repair, a
 * duplicate field, a number too large for its field, malformed JSON) and it reads nothing: the caller then
 * takes the guarded path (tree, {@link DriftGuard#check}, records), which repairs, reports or rejects the
 * answer exactly as it would have without this reader. A few valid but rare shapes ({@code custom} tool calls)
 * are left to the guarded path too: giving up is always safe, it only costs time.
 *
 * <p>For every answer it accepts, the record equals the guarded path's and the guard would have reported
 * nothing ({@code TypedAnswerReaderPropertiesTest} checks both on generated answers). Schema fields our
 * records do not name land in {@code extra}, as Jackson puts them there; a null where the schema wants a value
 * of an optional field is the same as an absent field, as the guard makes it. Enum values come from the
 * guard's schema. Stateless and thread-safe.
 */
final class TypedAnswerReader {

    /** The answer left the expected shape: preallocated, without a stack trace, caught in this class only. */
    private static final class Drifted extends Exception {
        private static final long serialVersionUID = 1L;

        Drifted() {
            super("not the expected shape", null, false, false);
        }
    }

    private static final Drifted DRIFTED = new Drifted();

    private static final String[] COMPLETION_OBJECT = values(Answer.CHAT_COMPLETION, "object");
    private static final String[] COMPLETION_TIERS = values(Answer.CHAT_COMPLETION, "service_tier");
    private static final String[] COMPLETION_FINISH = values(Answer.CHAT_COMPLETION, "choices[].finish_reason");
    private static final String[] MESSAGE_ROLES = values(Answer.CHAT_COMPLETION, "choices[].message.role");
    private static final String[] TOOL_TYPES = values(Answer.CHAT_COMPLETION, "choices[].message.tool_calls[].type");
    private static final String[] CHUNK_OBJECT = values(Answer.CHAT_CHUNK, "object");
    private static final String[] CHUNK_TIERS = values(Answer.CHAT_CHUNK, "service_tier");
    private static final String[] CHUNK_FINISH = values(Answer.CHAT_CHUNK, "choices[].finish_reason");
    private static final String[] DELTA_ROLES = values(Answer.CHAT_CHUNK, "choices[].delta.role");
    private static final String[] DELTA_TOOL_TYPES = values(Answer.CHAT_CHUNK, "choices[].delta.tool_calls[].type");

    private TypedAnswerReader() {}

    /** The {@code chat.completion} in {@code body}, or empty when it is not exactly of the expected shape. */
    static Optional<ChatCompletion> completion(byte[] body) {
        try (JsonParser p = Json.mapper().createParser(body)) {
            ChatCompletion completion = completion(p, p.nextToken());
            return p.nextToken() == null ? Optional.of(completion) : Optional.empty();
        } catch (Drifted | IOException notTheExpectedShape) {
            return Optional.empty();
        }
    }

    /** The {@code chat.completion.chunk} in {@code data}, or empty when it is not exactly of the expected shape. */
    static Optional<ChatCompletionChunk> chunk(byte[] data) {
        try (JsonParser p = Json.mapper().createParser(data)) {
            ChatCompletionChunk chunk = chunk(p, p.nextToken());
            return p.nextToken() == null ? Optional.of(chunk) : Optional.empty();
        } catch (Drifted | IOException notTheExpectedShape) {
            return Optional.empty();
        }
    }

    private static ChatCompletion completion(JsonParser p, @Nullable JsonToken token) throws IOException, Drifted {
        return root(p, token, Answer.CHAT_COMPLETION, TypedAnswerReader::choice, ChatCompletion::new);
    }

    private static ChatCompletionChunk chunk(JsonParser p, @Nullable JsonToken token) throws IOException, Drifted {
        return root(p, token, Answer.CHAT_CHUNK, TypedAnswerReader::chunkChoice, ChatCompletionChunk::new);
    }

    /** Reads one of an answer's {@code choices}. */
    @FunctionalInterface
    private interface ChoiceReader<C> {
        C read(JsonParser p, JsonToken token) throws IOException, Drifted;
    }

    /** Makes the answer's record from its fields: the canonical constructor of either record. */
    @FunctionalInterface
    private interface RootMaker<C, R> {
        R make(String id, String object, long created, String model, List<C> choices, @Nullable Usage usage,
                @Nullable String fingerprint, @Nullable String tier, Map<String, JsonNode> extra);
    }

    /** The fields a {@code chat.completion} and a chunk share, and their {@code choices}. */
    private static <C, R> R root(JsonParser p, @Nullable JsonToken token, Answer answer, ChoiceReader<C> choice,
            RootMaker<C, R> maker) throws IOException, Drifted {
        object(token);
        boolean chunk = answer == Answer.CHAT_CHUNK;
        String id = null;
        String object = null;
        long created = 0;
        String model = null;
        List<C> choices = null;
        Usage usage = null;
        String fingerprint = null;
        String tier = null;
        Map<String, JsonNode> extra = Map.of();
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> {
                    seen = once(seen, 1);
                    id = string(p, value);
                }
                case "object" -> {
                    seen = once(seen, 1 << 1);
                    object = oneOf(p, value, chunk ? CHUNK_OBJECT : COMPLETION_OBJECT);
                }
                case "created" -> {
                    seen = once(seen, 1 << 2);
                    created = longInteger(p, value);
                }
                case "model" -> {
                    seen = once(seen, 1 << 3);
                    model = string(p, value);
                }
                case "choices" -> {
                    seen = once(seen, 1 << 4);
                    choices = array(value);
                    for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                        choices.add(choice.read(p, item));
                    }
                }
                case "usage" -> {
                    seen = once(seen, 1 << 5);
                    usage = value == JsonToken.VALUE_NULL ? null : usage(p, value);
                }
                case "system_fingerprint" -> {
                    seen = once(seen, 1 << 6);
                    fingerprint = stringOrNull(p, value);
                }
                case "service_tier" -> {
                    seen = once(seen, 1 << 7);
                    tier = nullableOneOf(p, value, chunk ? CHUNK_TIERS : COMPLETION_TIERS);
                }
                case "moderation" -> {
                    seen = once(seen, 1 << 8);
                    extra = with(extra, name, any(p, value));
                }
                case "metadata" -> {
                    if (chunk) {
                        throw DRIFTED;
                    }
                    seen = once(seen, 1 << 9);
                    extra = with(extra, name, any(p, value));
                }
                case "obfuscation" -> { // OpenAI pads its stream events with it
                    if (!chunk) {
                        throw DRIFTED;
                    }
                    seen = once(seen, 1 << 10);
                    String padding = stringOrNull(p, value);
                    if (padding != null) {
                        extra = with(extra, name, TextNode.valueOf(padding));
                    }
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 0b11111);
        return maker.make(id, object, created, model, choices, usage, fingerprint, tier, extra);
    }

    private static ChatCompletion.Choice choice(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        int index = 0;
        ChatMessage message = null;
        String finishReason = null;
        JsonNode logprobs = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "index" -> {
                    seen = once(seen, 1);
                    index = integer(p, value);
                }
                case "message" -> {
                    seen = once(seen, 1 << 1);
                    message = message(p, value);
                }
                case "finish_reason" -> {
                    seen = once(seen, 1 << 2);
                    finishReason = oneOf(p, value, COMPLETION_FINISH);
                }
                case "logprobs" -> {
                    seen = once(seen, 1 << 3);
                    logprobs = any(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 0b1111);
        return new ChatCompletion.Choice(index, message, finishReason, logprobs, Map.of());
    }

    private static ChatMessage message(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        String role = null;
        String content = null;
        String refusal = null;
        List<ToolCall> toolCalls = null;
        JsonNode functionCall = null;
        Map<String, JsonNode> extra = Map.of();
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "role" -> {
                    seen = once(seen, 1);
                    role = oneOf(p, value, MESSAGE_ROLES);
                }
                case "content" -> {
                    seen = once(seen, 1 << 1);
                    content = stringOrNull(p, value);
                }
                case "refusal" -> {
                    seen = once(seen, 1 << 2);
                    refusal = stringOrNull(p, value);
                }
                case "tool_calls" -> {
                    seen = once(seen, 1 << 3);
                    if (value != JsonToken.VALUE_NULL) {
                        toolCalls = array(value);
                        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                            toolCalls.add(toolCall(p, item));
                        }
                    }
                }
                case "function_call" -> {
                    seen = once(seen, 1 << 4);
                    functionCall = any(p, value);
                }
                case "annotations", "audio" -> {
                    seen = once(seen, name.equals("annotations") ? 1 << 5 : 1 << 6);
                    extra = with(extra, name, any(p, value));
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 0b111);
        return new ChatMessage(role, content == null ? null : MessageContent.of(content), null, toolCalls, null,
                refusal, functionCall, extra);
    }

    private static ToolCall toolCall(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        String id = null;
        String type = null;
        ToolCall.FunctionCall function = null;
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
                    type = oneOf(p, value, TOOL_TYPES);
                }
                case "function" -> {
                    seen = once(seen, 1 << 2);
                    function = value == JsonToken.VALUE_NULL ? null : function(p, value);
                }
                default -> throw DRIFTED; // including "custom", rare enough for the guarded path
            }
        }
        required(seen, 0b11);
        return new ToolCall(id, type, function, Map.of());
    }

    private static ToolCall.FunctionCall function(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        String name = null;
        String arguments = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    seen = once(seen, 1);
                    name = string(p, value);
                }
                case "arguments" -> {
                    seen = once(seen, 1 << 1);
                    arguments = string(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 0b11);
        return new ToolCall.FunctionCall(name, arguments);
    }

    private static ChatCompletionChunk.Choice chunkChoice(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        int index = 0;
        ChatCompletionChunk.Delta delta = null;
        String finishReason = null;
        JsonNode logprobs = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "index" -> {
                    seen = once(seen, 1);
                    index = integer(p, value);
                }
                case "delta" -> {
                    seen = once(seen, 1 << 1);
                    delta = delta(p, value);
                }
                case "finish_reason" -> {
                    seen = once(seen, 1 << 2);
                    finishReason = nullableOneOf(p, value, CHUNK_FINISH);
                }
                case "logprobs" -> {
                    seen = once(seen, 1 << 3);
                    logprobs = any(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 0b111);
        return new ChatCompletionChunk.Choice(index, delta, finishReason, logprobs, Map.of());
    }

    private static ChatCompletionChunk.Delta delta(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        String role = null;
        String content = null;
        String refusal = null;
        List<ChatCompletionChunk.ToolCallDelta> toolCalls = null;
        JsonNode functionCall = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "role" -> {
                    seen = once(seen, 1);
                    role = value == JsonToken.VALUE_NULL ? null : oneOf(p, value, DELTA_ROLES);
                }
                case "content" -> {
                    seen = once(seen, 1 << 1);
                    content = stringOrNull(p, value);
                }
                case "refusal" -> {
                    seen = once(seen, 1 << 2);
                    refusal = stringOrNull(p, value);
                }
                case "tool_calls" -> {
                    seen = once(seen, 1 << 3);
                    if (value != JsonToken.VALUE_NULL) {
                        toolCalls = array(value);
                        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                            toolCalls.add(toolCallDelta(p, item));
                        }
                    }
                }
                case "function_call" -> {
                    seen = once(seen, 1 << 4);
                    functionCall = any(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        return new ChatCompletionChunk.Delta(role, content, refusal, toolCalls, functionCall, Map.of());
    }

    private static ChatCompletionChunk.ToolCallDelta toolCallDelta(JsonParser p, JsonToken token)
            throws IOException, Drifted {
        object(token);
        int index = 0;
        String id = null;
        String type = null;
        ChatCompletionChunk.ToolCallDelta.FunctionDelta function = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "index" -> {
                    seen = once(seen, 1);
                    index = integer(p, value);
                }
                case "id" -> {
                    seen = once(seen, 1 << 1);
                    id = stringOrNull(p, value);
                }
                case "type" -> {
                    seen = once(seen, 1 << 2);
                    type = value == JsonToken.VALUE_NULL ? null : oneOf(p, value, DELTA_TOOL_TYPES);
                }
                case "function" -> {
                    seen = once(seen, 1 << 3);
                    function = value == JsonToken.VALUE_NULL ? null : functionDelta(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 1);
        return new ChatCompletionChunk.ToolCallDelta(index, id, type, function, Map.of());
    }

    private static ChatCompletionChunk.ToolCallDelta.FunctionDelta functionDelta(JsonParser p, JsonToken token)
            throws IOException, Drifted {
        object(token);
        String name = null;
        String arguments = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    seen = once(seen, 1);
                    name = stringOrNull(p, value);
                }
                case "arguments" -> {
                    seen = once(seen, 1 << 1);
                    arguments = stringOrNull(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        return new ChatCompletionChunk.ToolCallDelta.FunctionDelta(name, arguments);
    }

    private static Usage usage(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        int prompt = 0;
        int completion = 0;
        int total = 0;
        Usage.PromptTokensDetails promptDetails = null;
        Usage.CompletionTokensDetails completionDetails = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> {
                    seen = once(seen, 1);
                    prompt = integer(p, value);
                }
                case "completion_tokens" -> {
                    seen = once(seen, 1 << 1);
                    completion = integer(p, value);
                }
                case "total_tokens" -> {
                    seen = once(seen, 1 << 2);
                    total = integer(p, value);
                }
                case "prompt_tokens_details" -> {
                    seen = once(seen, 1 << 3);
                    promptDetails = value == JsonToken.VALUE_NULL ? null : promptDetails(p, value);
                }
                case "completion_tokens_details" -> {
                    seen = once(seen, 1 << 4);
                    completionDetails = value == JsonToken.VALUE_NULL ? null : completionDetails(p, value);
                }
                default -> throw DRIFTED;
            }
        }
        required(seen, 0b111);
        return new Usage(prompt, completion, total, promptDetails, completionDetails, Map.of());
    }

    private static Usage.PromptTokensDetails promptDetails(JsonParser p, JsonToken token) throws IOException, Drifted {
        object(token);
        Integer cached = null;
        Integer audio = null;
        Map<String, JsonNode> extra = Map.of();
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "cached_tokens" -> {
                    seen = once(seen, 1);
                    cached = integerOrNull(p, value);
                }
                case "audio_tokens" -> {
                    seen = once(seen, 1 << 1);
                    audio = integerOrNull(p, value);
                }
                case "cache_write_tokens", "image_tokens", "text_tokens" -> {
                    seen = once(seen, switch (name) {
                        case "cache_write_tokens" -> 1 << 2;
                        case "image_tokens" -> 1 << 3;
                        default -> 1 << 4;
                    });
                    extra = withInteger(extra, name, integerOrNull(p, value));
                }
                default -> throw DRIFTED;
            }
        }
        return new Usage.PromptTokensDetails(cached, audio, extra);
    }

    private static Usage.CompletionTokensDetails completionDetails(JsonParser p, JsonToken token)
            throws IOException, Drifted {
        object(token);
        Integer reasoning = null;
        Integer audio = null;
        Integer accepted = null;
        Integer rejected = null;
        Map<String, JsonNode> extra = Map.of();
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "reasoning_tokens" -> {
                    seen = once(seen, 1);
                    reasoning = integerOrNull(p, value);
                }
                case "audio_tokens" -> {
                    seen = once(seen, 1 << 1);
                    audio = integerOrNull(p, value);
                }
                case "accepted_prediction_tokens" -> {
                    seen = once(seen, 1 << 2);
                    accepted = integerOrNull(p, value);
                }
                case "rejected_prediction_tokens" -> {
                    seen = once(seen, 1 << 3);
                    rejected = integerOrNull(p, value);
                }
                case "text_tokens" -> {
                    seen = once(seen, 1 << 4);
                    extra = withInteger(extra, name, integerOrNull(p, value));
                }
                default -> throw DRIFTED;
            }
        }
        return new Usage.CompletionTokensDetails(reasoning, audio, accepted, rejected, extra);
    }

    /** Marks a field seen; a field sent twice is left to the guarded path (the tree keeps the last). */
    private static int once(int seen, int field) throws Drifted {
        if ((seen & field) != 0) {
            throw DRIFTED;
        }
        return seen | field;
    }

    private static void required(int seen, int fields) throws Drifted {
        if ((seen & fields) != fields) {
            throw DRIFTED;
        }
    }

    private static void object(@Nullable JsonToken token) throws Drifted {
        if (token != JsonToken.START_OBJECT) {
            throw DRIFTED;
        }
    }

    private static <T> List<T> array(JsonToken token) throws Drifted {
        if (token != JsonToken.START_ARRAY) {
            throw DRIFTED;
        }
        return new ArrayList<>();
    }

    private static String string(JsonParser p, JsonToken token) throws IOException, Drifted {
        if (token != JsonToken.VALUE_STRING) {
            throw DRIFTED;
        }
        return p.getText();
    }

    /**
     * A string or null: where the schema allows null, and where the field is optional (the guard removes a null
     * there: absent and null read the same).
     */
    private static @Nullable String stringOrNull(JsonParser p, JsonToken token) throws IOException, Drifted {
        return token == JsonToken.VALUE_NULL ? null : string(p, token);
    }

    /**
     * One of {@code values} (the schema's), compared without making a string: the schema's own instance is
     * returned.
     */
    private static String oneOf(JsonParser p, JsonToken token, String[] values) throws IOException, Drifted {
        if (token != JsonToken.VALUE_STRING) {
            throw DRIFTED;
        }
        String constant = ParserText.constant(p, values);
        if (constant == null) {
            throw DRIFTED;
        }
        return constant;
    }

    private static @Nullable String nullableOneOf(JsonParser p, JsonToken token, String[] values)
            throws IOException, Drifted {
        return token == JsonToken.VALUE_NULL ? null : oneOf(p, token, values);
    }

    /** An {@code int}; a larger integer (the guard accepts it, Jackson then fails) is left to the guarded path. */
    private static int integer(JsonParser p, JsonToken token) throws IOException, Drifted {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw DRIFTED;
        }
        return p.getIntValue();
    }

    private static @Nullable Integer integerOrNull(JsonParser p, JsonToken token) throws IOException, Drifted {
        return token == JsonToken.VALUE_NULL ? null : integer(p, token);
    }

    private static long longInteger(JsonParser p, JsonToken token) throws IOException, Drifted {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw DRIFTED;
        }
        return p.getLongValue();
    }

    /** A value of any shape, as Jackson makes it for a {@link JsonNode} (null is {@link NullNode}). */
    private static JsonNode any(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return NullNode.getInstance();
        }
        if (token == JsonToken.START_ARRAY) { // OpenAI's annotations: [], without a deserialisation context
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                array.add(any(p, item));
            }
            return array;
        }
        return Json.mapper().readTree(p);
    }

    private static Map<String, JsonNode> with(Map<String, JsonNode> extra, String name, JsonNode value) {
        // a HashMap, as Jackson fills an extra map: the same order when written
        Map<String, JsonNode> map = extra instanceof HashMap<String, JsonNode> filled ? filled : new HashMap<>();
        map.put(name, value);
        return map;
    }

    private static Map<String, JsonNode> withInteger(Map<String, JsonNode> extra, String name,
            @Nullable Integer value) {
        return value == null ? extra : with(extra, name, IntNode.valueOf(value));
    }

    private static String[] values(Answer answer, String path) {
        List<String> values = DriftGuard.expectedValues(answer, path);
        if (values.isEmpty()) {
            throw new IllegalStateException("OpenAI's schema lists no values for %s of %s".formatted(path, answer));
        }
        return values.toArray(String[]::new);
    }
}
