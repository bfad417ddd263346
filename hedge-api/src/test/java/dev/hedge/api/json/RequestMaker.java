package dev.hedge.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.ResponseFormat;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.chat.ToolCall;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Makes chat request bodies from a seed: realistic ones (what the OpenAI SDKs and other clients send: every role,
 * string and part content, images, audio, files, tool calls and their answers, tools with schemas, response
 * formats, stop as a string or a list, integers where {@code Double}s are declared, vendor fields with nested
 * values, nulls where a field may be null, fields in any order, strings with escapes and non-ASCII, compact or
 * pretty, non-ASCII sometimes escaped) and drifted ones (unknown fields, among them every name a record or
 * databind knows, put anywhere; wrong types; nulls in lists; numbers too large, fractional or written as strings;
 * duplicate fields; trailing or truncated text; a root that is not an object).
 */
final class RequestMaker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] MODELS = {"gpt-4o-mini", "gpt-4.1", "o3-mini", "auto", "llama3.1:8b", ""};
    private static final String[] DETAILS = {"auto", "low", "high"};
    private static final String[] CHOICES = {"auto", "none", "required"};
    private static final String[] VENDOR_FIELDS = {"metadata", "store", "reasoning_effort", "service_tier",
        "logit_bias", "modalities", "prediction", "web_search_options", "prompt_cache_key", "safety_identifier",
        "verbosity", "audio", "annotations", "top_k", "repetition_penalty", "min_p", "x-mock-chunks",
        "chat_template_kwargs", "cache_control", "functions", "", "\u00e9t\u00e9", "a\"b"};
    private static final String CHARS = "abcXYZ019 _-.:/\"\\\n\r\t\b\f\u0001\u001f\u007f\u00e9\u00df\u6f22\u2028"
            + "\ud83d\ude00\u0000{}[],<>&'";
    /** Every field name a record of the request names, in JSON and in Java, and {@code extra}. */
    private static final String[] KNOWN_NAMES = knownNames();

    private final Random random;

    RequestMaker(Random random) {
        this.random = random;
    }

    /** A request as clients send it: every shape here must be read typed. */
    ObjectNode request() {
        Fields root = new Fields();
        root.put("model", random.nextInt(4) == 0 ? text() : NODES.textNode(pick(MODELS)));
        ArrayNode messages = NODES.arrayNode();
        for (int i = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6); i > 0; i--) {
            messages.add(message());
        }
        root.put("messages", messages);
        root.maybe("stream", this::boolOrNull);
        root.maybe("stream_options", () -> nullOr(() -> {
            Fields options = new Fields();
            options.maybe("include_usage", this::boolOrNull);
            options.rarely("chunk_include_usage", this::any);
            return options.shuffled();
        }));
        for (String name : new String[] {"max_tokens", "max_completion_tokens", "n", "top_logprobs"}) {
            root.maybe(name, () -> nullOr(this::integer));
        }
        for (String name : new String[] {"temperature", "top_p", "presence_penalty", "frequency_penalty"}) {
            root.maybe(name, () -> nullOr(this::decimal));
        }
        root.maybe("stop", () -> switch (random.nextInt(4)) {
            case 0 -> NODES.nullNode();
            case 1 -> text();
            default -> {
                ArrayNode stop = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    stop.add(text());
                }
                yield stop;
            }
        });
        root.maybe("tools", () -> nullOr(() -> {
            ArrayNode tools = NODES.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                tools.add(tool());
            }
            return tools;
        }));
        root.maybe("tool_choice", () -> switch (random.nextInt(3)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode(pick(CHOICES));
            default -> NODES.objectNode().put("type", "function").set("function",
                    NODES.objectNode().set("name", text()));
        });
        root.maybe("parallel_tool_calls", this::boolOrNull);
        root.maybe("response_format", () -> nullOr(this::responseFormat));
        root.maybe("user", () -> nullOr(this::text));
        root.maybe("seed", () -> nullOr(() -> NODES.numberNode(switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> random.nextInt(100_000);
        })));
        root.maybe("logprobs", this::boolOrNull);
        vendorFields(root);
        return root.shuffled();
    }

    private ObjectNode message() {
        Fields message = new Fields();
        String role = pick(new String[] {"system", "developer", "user", "user", "assistant", "tool", "function"});
        message.put("role", NODES.textNode(role));
        switch (role) {
            case "assistant" -> {
                message.maybe("content", () -> nullOr(() -> random.nextBoolean() ? text() : parts(false)));
                message.maybe("tool_calls", () -> nullOr(() -> {
                    ArrayNode calls = NODES.arrayNode();
                    for (int i = random.nextInt(3); i > 0; i--) {
                        calls.add(toolCall());
                    }
                    return calls;
                }));
                message.maybe("refusal", () -> nullOr(this::text));
                message.rarely("function_call", () -> nullOr(() -> NODES.objectNode().put("name", "f")
                        .put("arguments", "{}")));
                message.rarely("annotations", () -> NODES.arrayNode());
                message.rarely("audio", () -> nullOr(() -> NODES.objectNode().put("id", "audio_1")));
            }
            case "tool" -> {
                message.put("tool_call_id", text());
                message.put("content", random.nextBoolean() ? text() : parts(false));
            }
            default -> message.put("content", random.nextBoolean() ? text() : parts(role.equals("user")));
        }
        message.maybe("name", () -> nullOr(this::text));
        message.rarely("cache_control", () -> NODES.objectNode().put("type", "ephemeral"));
        return message.shuffled();
    }

    private ArrayNode parts(boolean media) {
        ArrayNode parts = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            Fields part = new Fields();
            switch (media ? random.nextInt(5) : 0) {
                case 1, 2 -> {
                    part.put("type", NODES.textNode("image_url"));
                    Fields image = new Fields();
                    image.put("url", NODES.textNode(random.nextBoolean() ? "https://example.com/cat.png"
                            : "data:image/png;base64,iVBORw0KGgo="));
                    image.maybe("detail", () -> nullOr(() -> NODES.textNode(pick(DETAILS))));
                    part.put("image_url", image.shuffled());
                }
                case 3 -> {
                    part.put("type", NODES.textNode("input_audio"));
                    part.put("input_audio", NODES.objectNode().put("data", "UklGRg==").put("format", "wav"));
                }
                case 4 -> {
                    part.put("type", NODES.textNode("file"));
                    part.put("file", NODES.objectNode().put("file_id", "file-1").putNull("filename"));
                }
                default -> {
                    part.put("type", NODES.textNode("text"));
                    part.put("text", text());
                }
            }
            part.rarely("cache_control", () -> NODES.objectNode().put("type", "ephemeral"));
            parts.add(part.shuffled());
        }
        return parts;
    }

    private ObjectNode toolCall() {
        Fields call = new Fields();
        call.put("id", text());
        call.put("type", NODES.textNode("function"));
        Fields function = new Fields();
        function.put("name", text());
        function.put("arguments", NODES.textNode(random.nextBoolean() ? "{\"city\":\"Paris\"}" : "{}"));
        call.put("function", function.shuffled());
        return call.shuffled();
    }

    private ObjectNode tool() {
        Fields function = new Fields();
        function.put("name", text());
        function.maybe("description", () -> nullOr(this::text));
        function.maybe("parameters", () -> nullOr(this::schema));
        function.maybe("strict", this::boolOrNull);
        Fields tool = new Fields();
        tool.put("type", NODES.textNode("function"));
        tool.put("function", function.shuffled());
        return tool.shuffled();
    }

    private ObjectNode responseFormat() {
        Fields format = new Fields();
        switch (random.nextInt(3)) {
            case 0 -> format.put("type", NODES.textNode("text"));
            case 1 -> format.put("type", NODES.textNode("json_object"));
            default -> {
                format.put("type", NODES.textNode("json_schema"));
                Fields schema = new Fields();
                schema.put("name", text());
                schema.maybe("description", () -> nullOr(this::text));
                schema.maybe("schema", () -> nullOr(this::schema));
                schema.maybe("strict", this::boolOrNull);
                format.put("json_schema", schema.shuffled());
            }
        }
        return format.shuffled();
    }

    private ObjectNode schema() {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("city").put("type", "string").put("description", "The city, e.g. Paris");
        properties.putObject("days").put("type", "integer").put("minimum", 1).put("maximum", 16)
                .put("default", new BigDecimal("1.50"));
        schema.putArray("required").add("city");
        schema.put("additionalProperties", false);
        if (random.nextBoolean()) {
            schema.set("x", any());
        }
        return schema;
    }

    private void vendorFields(Fields root) {
        root.rarely("metadata", () -> NODES.objectNode().put("team", "search").put("trace", text().asText()));
        root.rarely("store", this::boolOrNull);
        root.rarely("reasoning_effort", () -> NODES.textNode("low"));
        root.rarely("logit_bias", () -> NODES.objectNode().put("50256", -100).put("1734", new BigDecimal("2.5")));
        root.rarely("x-mock-chunks", () -> NODES.numberNode(random.nextInt(50)));
        for (int i = random.nextInt(6) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--) {
            root.put(pick(VENDOR_FIELDS), any());
        }
    }

    /** Changes {@code request} in 1 to 3 random places (which may or may not leave the shapes read typed). */
    JsonNode drift(ObjectNode request) {
        if (random.nextInt(40) == 0) {
            return pick(new JsonNode[] {NODES.arrayNode().add(request), text(), NODES.nullNode()});
        }
        for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
            List<JsonNode> containers = new ArrayList<>();
            collect(request, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ArrayNode array) {
                driftArray(array);
            } else {
                driftObject((ObjectNode) target);
            }
        }
        return request;
    }

    private void driftObject(ObjectNode target) {
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty() || random.nextInt(4) == 0) {
            String name = switch (random.nextInt(3)) {
                case 0 -> pick(VENDOR_FIELDS);
                case 1 -> "x_" + random.nextInt(3);
                default -> pick(KNOWN_NAMES);
            };
            target.set(name, any());
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        JsonNode value = target.get(name);
        switch (random.nextInt(6)) {
            case 0 -> target.remove(name);
            case 1 -> target.putNull(name);
            case 2 -> target.set(name, otherType(value));
            case 3 -> target.set(name, any());
            default -> target.set(name, numberVariant(value));
        }
    }

    private void driftArray(ArrayNode target) {
        int at = target.isEmpty() ? 0 : random.nextInt(target.size() + 1);
        switch (random.nextInt(3)) {
            case 0 -> target.insertNull(at);
            case 1 -> target.insert(at, any());
            default -> target.insert(at, text());
        }
    }

    /**
     * The request as text: compact or pretty, non-ASCII escaped now and then, and when {@code drifted} sometimes
     * a field sent twice, text after the object, or cut short.
     */
    String write(JsonNode request, boolean drifted) {
        List<JsonNode> containers = new ArrayList<>();
        collect(request, containers);
        List<JsonNode> objects = containers.stream().filter(JsonNode::isObject).toList();
        JsonNode twice = drifted && !objects.isEmpty() && random.nextInt(10) == 0
                ? objects.get(random.nextInt(objects.size())) : null;
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            if (random.nextInt(4) == 0) {
                gen.useDefaultPrettyPrinter();
            }
            if (random.nextInt(5) == 0) {
                gen.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
            }
            write(gen, request, twice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString();
        if (drifted && random.nextInt(30) == 0) {
            return text + pick(new String[] {" {}", " x", "\n", "]", "}", " \"a\""});
        }
        if (drifted && random.nextInt(30) == 0) {
            return text.substring(0, random.nextInt(text.length()));
        }
        return random.nextInt(10) == 0 ? "\n " + text + " \r\n\t" : text;
    }

    private void write(JsonGenerator gen, JsonNode node, @Nullable JsonNode twice) throws IOException {
        if (node instanceof ObjectNode object) {
            gen.writeStartObject();
            boolean doubled = object == twice;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (doubled) {
                    doubled = false;
                    gen.writeFieldName(field.getKey());
                    write(gen, random.nextBoolean() ? field.getValue() : any(), twice);
                }
                gen.writeFieldName(field.getKey());
                write(gen, field.getValue(), twice);
            }
            gen.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            gen.writeStartArray();
            for (JsonNode item : array) {
                write(gen, item, twice);
            }
            gen.writeEndArray();
        } else {
            gen.writeTree(node);
        }
    }

    private JsonNode integer() {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE);
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(0);
            default -> NODES.numberNode(1 + random.nextInt(4096));
        };
    }

    /** A number where a {@code Double} is declared: written as clients write them, {@code 1} and {@code 0.7}. */
    private JsonNode decimal() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.numberNode(random.nextInt(3));
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> raw(pick(new String[] {"1.0", "0.70", "-2", "-0", "-0.0", "1e-3", "2E0", "1.7976931348623157e308",
                "4.9e-324", "0.1000000000000000055511151231257827", "1e-400"}));
            case 3 -> NODES.numberNode(-random.nextDouble() * 2);
            default -> NODES.numberNode(Math.round(random.nextDouble() * 200) / 100.0);
        };
    }

    private JsonNode text() {
        if (random.nextInt(20) == 0) {
            return NODES.textNode("x".repeat(4000 + random.nextInt(9000)) + "\u00e9");
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            char c = CHARS.charAt(random.nextInt(CHARS.length()));
            text.append(c);
            if (Character.isHighSurrogate(c)) {
                text.append('\ude00');
            } else if (Character.isLowSurrogate(c)) {
                text.setLength(text.length() - 1);
            }
        }
        return NODES.textNode(text.toString());
    }

    private JsonNode boolOrNull() {
        return random.nextInt(4) == 0 ? NODES.nullNode() : NODES.booleanNode(random.nextBoolean());
    }

    private JsonNode nullOr(Supplier<JsonNode> value) {
        return random.nextInt(5) == 0 ? NODES.nullNode() : value.get();
    }

    /** Any JSON value, a few levels deep. */
    private JsonNode any() {
        return any(2);
    }

    private JsonNode any(int depth) {
        return switch (random.nextInt(depth == 0 ? 10 : 12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(100));
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(random.nextDouble());
            case 5 -> NODES.numberNode(new BigDecimal(random.nextInt(1000)).movePointLeft(2));
            case 6 -> NODES.numberNode(BigInteger.TWO.pow(70));
            case 7 -> raw(pick(new String[] {"1e400", "-0", "1E2", "0.10", "123456789012345678901234567890.5"}));
            case 8, 9 -> text();
            case 10 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(any(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(random.nextBoolean() ? "k" + random.nextInt(3) : pick(KNOWN_NAMES), any(depth - 1));
                }
                yield object;
            }
        };
    }

    /** The same value as another JSON type where one exists (a number as text, a whole float), else another type. */
    private JsonNode otherType(JsonNode value) {
        if (value.isNumber()) {
            return switch (random.nextInt(3)) {
                case 0 -> NODES.textNode(value.asText());
                case 1 -> NODES.numberNode(value.asDouble());
                default -> NODES.booleanNode(true);
            };
        }
        if (value.isTextual()) {
            return pick(new JsonNode[] {NODES.numberNode(7), NODES.booleanNode(true), NODES.arrayNode().add(value),
                NODES.objectNode()});
        }
        if (value.isBoolean()) {
            return pick(new JsonNode[] {NODES.numberNode(value.asBoolean() ? 1 : 0), NODES.textNode(value.asText())});
        }
        if (value.isArray()) {
            return value.isEmpty() ? NODES.objectNode() : value.get(0);
        }
        return random.nextBoolean() ? NODES.textNode("x") : NODES.arrayNode().add(value);
    }

    private JsonNode numberVariant(JsonNode value) {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.numberNode(5_000_000_000L);
            case 1 -> NODES.numberNode(BigInteger.TWO.pow(70));
            case 2 -> NODES.numberNode(new BigDecimal("5.0"));
            case 3 -> NODES.numberNode(1.5);
            case 4 -> raw(pick(new String[] {"1e400", "-1e400", "2147483648", "-2147483649", "9223372036854775808",
                "1E2", "-0"}));
            case 5 -> NODES.numberNode(-1);
            default -> value.isNumber() ? NODES.textNode(" " + value.asText()) : NODES.numberNode(3);
        };
    }

    /** A number written exactly as given. */
    private static JsonNode raw(String number) {
        return NODES.rawValueNode(new RawValue(number));
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
        }
        for (JsonNode child : node) {
            collect(child, containers);
        }
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String[] knownNames() {
        ObjectMapper mapper = Json.mapper();
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> type : List.of(ChatCompletionRequest.class, ChatMessage.class, ContentPart.class,
                ContentPart.ImageUrl.class, ToolCall.class, ToolCall.FunctionCall.class, Tool.class,
                Tool.FunctionDefinition.class, StreamOptions.class, ResponseFormat.class,
                ResponseFormat.JsonSchema.class)) {
            BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
            for (BeanPropertyDefinition property : bean.findProperties()) {
                names.add(property.getName());
            }
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
            }
        }
        names.add("streaming");
        names.add("joinedText");
        return names.toArray(String[]::new);
    }

    /** An object's fields, put in a random order at the end. */
    private final class Fields {
        private final Map<String, JsonNode> fields = new LinkedHashMap<>();
        private final List<String> order = new ArrayList<>();

        void put(String name, JsonNode value) {
            if (fields.put(name, value) == null) {
                order.add(name);
            }
        }

        /** Present half of the time. */
        void maybe(String name, Supplier<JsonNode> value) {
            if (random.nextBoolean()) {
                put(name, value.get());
            }
        }

        /** Present now and then. */
        void rarely(String name, Supplier<JsonNode> value) {
            if (random.nextInt(8) == 0) {
                put(name, value.get());
            }
        }

        ObjectNode shuffled() {
            Collections.shuffle(order, random);
            ObjectNode object = NODES.objectNode();
            for (String name : order) {
                object.set(name, fields.get(name));
            }
            return object;
        }
    }
}
