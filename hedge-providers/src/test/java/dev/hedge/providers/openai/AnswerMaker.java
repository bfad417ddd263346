package dev.hedge.providers.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Makes OpenAI chat answers and stream chunks from a seed: clean ones (every shape OpenAI's schema allows and
 * the guard accepts without a word: tool calls, logprobs, refusals, usage details, annotations, audio,
 * obfuscation padding, nulls where allowed, fields in any order) and drifted ones (unknown fields, wrong types,
 * nulls and absences where a value is required, unknown enum values, numbers too large or written as strings,
 * duplicate fields, trailing or truncated text, a root that is not an object).
 */
final class AnswerMaker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] FINISH = {"stop", "length", "tool_calls", "content_filter", "function_call"};
    private static final String[] TIERS = {"auto", "default", "flex", "scale", "priority", "fast"};
    private static final String[] DELTA_ROLES = {"developer", "system", "user", "assistant", "tool"};
    private static final String[] VENDOR_FIELDS = {"prompt_filter_results", "content_filter_results", "x_groq",
        "reasoning_content", "error", "stop_reason", "name", "custom", "kv_transfer_params", "text_tokens"};
    private static final String[] ODD_VALUES = {"eos", "end_turn", "STOP", "model_length", "tool_use", "user",
        "assistant", "function", "custom", "chat.completion", "chat.completion.chunk", "default", "", "null"};
    private static final String CHARS = "abcXYZ019 _-.:/\"\\\n\t\u00e9\u6f22\ud83d\ude00\u0000{}[],";

    private final Random random;

    AnswerMaker(Random random) {
        this.random = random;
    }

    ObjectNode completion() {
        Fields root = new Fields();
        root.put("id", text());
        root.put("object", NODES.textNode("chat.completion"));
        root.put("created", created());
        root.put("model", text());
        ArrayNode choices = NODES.arrayNode();
        int count = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            choices.add(completionChoice(i));
        }
        root.put("choices", choices);
        root.maybe("usage", () -> nullOr(this::usage));
        root.maybe("system_fingerprint", () -> nullOr(this::text));
        root.maybe("service_tier", () -> nullOr(() -> NODES.textNode(pick(TIERS))));
        root.rarely("metadata", this::any);
        root.rarely("moderation", this::any);
        return root.shuffled();
    }

    ObjectNode chunk() {
        Fields root = new Fields();
        root.put("id", text());
        root.put("object", NODES.textNode("chat.completion.chunk"));
        root.put("created", created());
        root.put("model", text());
        ArrayNode choices = NODES.arrayNode();
        int count = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            choices.add(chunkChoice(i));
        }
        root.put("choices", choices);
        root.maybe("usage", () -> nullOr(this::usage));
        root.maybe("system_fingerprint", () -> nullOr(this::text));
        root.maybe("service_tier", () -> nullOr(() -> NODES.textNode(pick(TIERS))));
        root.maybe("obfuscation", () -> nullOr(this::text));
        root.rarely("moderation", this::any);
        return root.shuffled();
    }

    /** Changes {@code answer} in 1 to 3 random places (which may or may not matter to the guard). */
    JsonNode drift(ObjectNode answer) {
        if (random.nextInt(40) == 0) {
            return pick(new JsonNode[] {NODES.arrayNode().add(answer), NODES.textNode("ok"), NODES.nullNode()});
        }
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(answer, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty() || random.nextInt(5) == 0) {
                target.set(random.nextBoolean() ? pick(VENDOR_FIELDS) : "x_" + random.nextInt(3), any());
                continue;
            }
            String name = names.get(random.nextInt(names.size()));
            JsonNode value = target.get(name);
            switch (random.nextInt(6)) {
                case 0 -> target.remove(name);
                case 1 -> target.putNull(name);
                case 2 -> target.set(name, odd());
                case 3 -> target.set(name, otherType(value));
                case 4 -> target.set(name, any());
                default -> target.set(name, numberVariant(value));
            }
        }
        return answer;
    }

    /**
     * The answer as text: compact or pretty, sometimes with a field sent twice, or (when {@code drifted})
     * with trailing text or cut short.
     */
    String write(JsonNode answer, boolean drifted) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(answer, objects);
        ObjectNode twice = drifted && !objects.isEmpty() && random.nextInt(10) == 0
                ? objects.get(random.nextInt(objects.size())) : null;
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            if (random.nextInt(4) == 0) {
                gen.useDefaultPrettyPrinter();
            }
            write(gen, answer, twice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString();
        if (drifted && random.nextInt(30) == 0) {
            return text + pick(new String[] {" {}", " x", "\n", "]"});
        }
        if (drifted && random.nextInt(30) == 0) {
            return text.substring(0, random.nextInt(text.length()));
        }
        return text;
    }

    private void write(JsonGenerator gen, JsonNode node, JsonNode twice) throws IOException {
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

    private ObjectNode completionChoice(int index) {
        Fields choice = new Fields();
        choice.put("index", NODES.numberNode(index));
        choice.put("message", message());
        choice.put("finish_reason", NODES.textNode(pick(FINISH)));
        choice.put("logprobs", random.nextBoolean() ? NODES.nullNode() : logprobs());
        return choice.shuffled();
    }

    private ObjectNode message() {
        Fields message = new Fields();
        message.put("role", NODES.textNode("assistant"));
        message.put("content", nullOr(this::text));
        message.put("refusal", random.nextInt(4) == 0 ? text() : NODES.nullNode());
        message.maybe("tool_calls", () -> nullOr(() -> {
            ArrayNode calls = NODES.arrayNode();
            for (int i = random.nextInt(3); i > 0; i--) {
                calls.add(toolCall());
            }
            return calls;
        }));
        message.rarely("function_call", () -> nullOr(() -> function(false)));
        message.maybe("annotations", () -> nullOr(this::annotations));
        message.rarely("audio", () -> nullOr(() -> NODES.objectNode().put("id", "audio_1").put("data", "UklGR")
                .put("expires_at", 1_741_570_000L).put("transcript", "hi")));
        return message.shuffled();
    }

    private ObjectNode toolCall() {
        Fields call = new Fields();
        call.put("id", text());
        call.put("type", NODES.textNode(random.nextInt(5) == 0 ? "custom" : "function"));
        if (random.nextInt(6) == 0) {
            call.maybe("function", NODES::nullNode);
        } else {
            call.put("function", function(false));
        }
        return call.shuffled();
    }

    private ObjectNode function(boolean partial) {
        Fields function = new Fields();
        if (partial) {
            function.maybe("name", () -> nullOr(this::text));
            function.maybe("arguments", () -> nullOr(this::text));
        } else {
            function.put("name", text());
            function.put("arguments", NODES.textNode(random.nextBoolean() ? "{\"city\":\"Paris\"}" : "{}"));
        }
        return function.shuffled();
    }

    private ArrayNode annotations() {
        ArrayNode annotations = NODES.arrayNode();
        if (random.nextBoolean()) {
            ObjectNode citation = annotations.addObject().put("type", "url_citation").putObject("url_citation");
            citation.put("start_index", 0).put("end_index", 7).put("title", "T").put("url", "https://example.com");
        }
        return annotations;
    }

    private ObjectNode logprobs() {
        ObjectNode logprobs = NODES.objectNode();
        ArrayNode content = logprobs.putArray("content");
        for (int i = random.nextInt(3); i > 0; i--) {
            ObjectNode token = content.addObject();
            token.put("token", "Hi");
            token.put("logprob", -random.nextDouble() * 10);
            token.putArray("bytes").add(72).add(105);
            token.putArray("top_logprobs").addObject().put("token", "Hello").put("logprob", new BigDecimal("-1.50"))
                    .putNull("bytes");
        }
        logprobs.putNull("refusal");
        return logprobs;
    }

    private ObjectNode chunkChoice(int index) {
        Fields choice = new Fields();
        choice.put("index", NODES.numberNode(index));
        choice.put("delta", delta());
        choice.put("finish_reason", random.nextInt(3) == 0 ? NODES.textNode(pick(FINISH)) : NODES.nullNode());
        choice.maybe("logprobs", () -> random.nextBoolean() ? NODES.nullNode() : logprobs());
        return choice.shuffled();
    }

    private ObjectNode delta() {
        Fields delta = new Fields();
        delta.maybe("role", () -> random.nextInt(4) == 0 ? NODES.nullNode() : NODES.textNode(pick(DELTA_ROLES)));
        delta.maybe("content", () -> nullOr(this::text));
        delta.maybe("refusal", () -> nullOr(this::text));
        delta.maybe("tool_calls", () -> nullOr(() -> {
            ArrayNode calls = NODES.arrayNode();
            for (int i = random.nextInt(3); i > 0; i--) {
                Fields call = new Fields();
                call.put("index", NODES.numberNode(random.nextInt(3)));
                call.maybe("id", () -> nullOr(this::text));
                call.maybe("type", () -> nullOr(() -> NODES.textNode("function")));
                call.maybe("function", () -> nullOr(() -> function(true)));
                calls.add(call.shuffled());
            }
            return calls;
        }));
        delta.rarely("function_call", () -> nullOr(() -> function(true)));
        return delta.shuffled();
    }

    private ObjectNode usage() {
        Fields usage = new Fields();
        int prompt = count();
        int completion = count();
        usage.put("prompt_tokens", NODES.numberNode(prompt));
        usage.put("completion_tokens", NODES.numberNode(completion));
        usage.put("total_tokens", NODES.numberNode(random.nextInt(10) == 0 ? count() : prompt + completion));
        usage.maybe("prompt_tokens_details", () -> nullOr(() -> details("cached_tokens", "audio_tokens",
                "cache_write_tokens", "image_tokens", "text_tokens")));
        usage.maybe("completion_tokens_details", () -> nullOr(() -> details("reasoning_tokens", "audio_tokens",
                "accepted_prediction_tokens", "rejected_prediction_tokens", "text_tokens")));
        return usage.shuffled();
    }

    private ObjectNode details(String... names) {
        Fields details = new Fields();
        for (String name : names) {
            details.maybe(name, () -> random.nextInt(6) == 0 ? NODES.nullNode() : NODES.numberNode(count()));
        }
        return details.shuffled();
    }

    private JsonNode created() {
        return random.nextInt(10) == 0 ? NODES.numberNode(5_000_000_000L) : NODES.numberNode(1_741_569_952L);
    }

    private int count() {
        return switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> Integer.MAX_VALUE;
            default -> random.nextInt(5000);
        };
    }

    private JsonNode text() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(10); i > 0; i--) {
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

    private JsonNode nullOr(Supplier<JsonNode> value) {
        return random.nextInt(4) == 0 ? NODES.nullNode() : value.get();
    }

    /** Any JSON value, a few levels deep. */
    private JsonNode any() {
        return any(2);
    }

    private JsonNode any(int depth) {
        int kinds = depth == 0 ? 8 : 10;
        return switch (random.nextInt(kinds)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(100));
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(random.nextDouble());
            case 5 -> NODES.numberNode(new BigDecimal(random.nextInt(1000)).movePointLeft(2));
            case 6 -> NODES.numberNode(BigInteger.TWO.pow(70));
            case 7 -> text();
            case 8 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(any(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set("k" + random.nextInt(5), any(depth - 1));
                }
                yield object;
            }
        };
    }

    private JsonNode odd() {
        return NODES.textNode(pick(ODD_VALUES));
    }

    /** The same value as another JSON type where one exists (a number as text, a whole float), else another type. */
    private JsonNode otherType(JsonNode value) {
        if (value.isNumber()) {
            return random.nextBoolean() ? NODES.textNode(value.asText()) : NODES.numberNode(value.asDouble());
        }
        if (value.isTextual()) {
            return random.nextBoolean() ? NODES.numberNode(7) : NODES.booleanNode(true);
        }
        return random.nextBoolean() ? NODES.textNode("x") : NODES.objectNode();
    }

    private JsonNode numberVariant(JsonNode value) {
        return switch (random.nextInt(5)) {
            case 0 -> NODES.numberNode(5_000_000_000L);
            case 1 -> NODES.numberNode(BigInteger.TWO.pow(70));
            case 2 -> NODES.numberNode(new BigDecimal("5.0"));
            case 3 -> NODES.numberNode(-1);
            default -> value.isNumber() ? NODES.textNode(" " + value.asText()) : NODES.numberNode(3);
        };
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (JsonNode child : node) {
            collect(child, objects);
        }
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** An object's fields, put in a random order at the end. */
    private final class Fields {
        private final Map<String, JsonNode> fields = new HashMap<>();
        private final List<String> order = new ArrayList<>();

        void put(String name, JsonNode value) {
            fields.put(name, value);
            order.add(name);
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
