package dev.hedge.providers.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.Ticker;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One provider's drift guard. {@link #check} holds an OpenAI-dialect answer against OpenAI's schema and
 * repairs it in place: unknown fields are dropped (or kept with {@code passthrough-extensions}), a missing
 * value with a safe default gets it, a number sent as a string is converted, a non-standard finish reason is
 * mapped ({@code eos} → {@code stop}, {@code model_length} → {@code length}, …), an optional object that
 * cannot be repaired (e.g. {@code usage} without {@code completion_tokens}) is removed so the gateway counts
 * tokens itself. What cannot be repaired fails the attempt with a {@link ProviderException.Kind#PROTOCOL}
 * error naming the provider and the field. Dialect translators report what they met but could not use
 * through {@link #report}. Every drift goes to the listener. Thread-safe.
 */
public final class DriftGuard {

    /** The answers the guard knows, named as OpenAI's {@code object} values. */
    public enum Answer {
        CHAT_COMPLETION("chat.completion"),
        CHAT_CHUNK("chat.completion.chunk"),
        EMBEDDINGS("embedding.list");

        private final String shape;

        Answer(String shape) {
            this.shape = shape;
        }
    }

    /** Finish reasons OpenAI-compatible servers send that mean one of OpenAI's. */
    private static final Map<String, String> FINISH_ALIASES = Map.ofEntries(
            Map.entry("eos", "stop"), Map.entry("eos_token", "stop"), Map.entry("stop_sequence", "stop"),
            Map.entry("end_turn", "stop"), Map.entry("end", "stop"), Map.entry("abort", "stop"),
            Map.entry("model_length", "length"), Map.entry("max_tokens", "length"),
            Map.entry("max_length", "length"), Map.entry("length_capped", "length"),
            Map.entry("tool_use", "tool_calls"), Map.entry("tool_call", "tool_calls"),
            Map.entry("function_calls", "tool_calls"), Map.entry("safety", "content_filter"),
            Map.entry("content_filtered", "content_filter"), Map.entry("refusal", "content_filter"));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String provider;
    private final boolean passthrough;
    private final DriftListener listener;
    private final Ticker ticker;
    private final OpenAiSchema schema = OpenAiSchema.get();
    private final AtomicLong ids = new AtomicLong();

    public DriftGuard(String provider, boolean passthrough, DriftListener listener, Ticker ticker) {
        this.provider = provider;
        this.passthrough = passthrough;
        this.listener = listener;
        this.ticker = ticker;
    }

    public static DriftGuard of(ProviderSpec spec, DriftListener listener, Ticker ticker) {
        return new DriftGuard(spec.name(), spec.passthroughExtensions(), listener, ticker);
    }

    /** Where the expected shapes come from (the OpenAI spec's repository, commit and version). */
    public static String schemaSource() {
        return OpenAiSchema.get().source();
    }

    /**
     * The values OpenAI's schema allows for the string at {@code path} of {@code answer} (e.g.
     * {@code choices[].finish_reason}; {@code []} steps into an array's items): what the guard accepts there
     * without a word. Empty when any string is accepted.
     *
     * @throws IllegalArgumentException when the schema has no such field
     */
    public static List<String> expectedValues(Answer answer, String path) {
        return OpenAiSchema.get().values(answer.shape, path);
    }

    public String provider() {
        return provider;
    }

    /** Whether vendor fields reach clients. */
    public boolean passthrough() {
        return passthrough;
    }

    /** Records a drift a translator met (e.g. an unknown stop reason it mapped, a block type it skipped). */
    public void report(String model, DriftKind kind, String field, DriftAction action, String detail) {
        listener.onDrift(new Drift(provider, model, kind, field, action, detail));
    }

    /**
     * Checks and repairs {@code answer} in place.
     *
     * @param model the model the supplier was asked for (used for a missing {@code model} and in counters)
     * @return the repaired answer (the same node)
     * @throws ProviderException of kind {@link ProviderException.Kind#PROTOCOL} naming the provider and field
     *     when the answer cannot be repaired
     */
    public ObjectNode check(Answer answer, String model, JsonNode tree) {
        if (!(tree instanceof ObjectNode root)) {
            report(model, DriftKind.WRONG_TYPE, "$", DriftAction.REJECTED, typeOf(tree));
            throw ProviderException.protocol(provider, "provider '%s' answered %s where a JSON object was expected"
                    .formatted(provider, typeOf(tree)), null);
        }
        if (root.has("error") && !root.has("choices") && !root.has("data")) {
            return root; // the supplier's error in a 200 answer: the dialect reports it as such
        }
        if (answer == Answer.CHAT_CHUNK && !root.has("choices") && root.path("usage").isObject()) {
            root.set("choices", NODES.arrayNode()); // a usage-only chunk some servers send without choices
            report(model, DriftKind.MISSING_FIELD, "choices", DriftAction.REPAIRED, "usage-only chunk -> []");
        }
        Walk walk = new Walk(model, root);
        String failure = walk.object(root, schema.shape(answer.shape), Location.ROOT, 0);
        if (failure != null) {
            throw ProviderException.protocol(provider, "provider '%s' sent an answer Hedge cannot repair: %s"
                    .formatted(provider, failure), null);
        }
        return root;
    }

    /** One answer's walk; the root is kept for context-aware repairs. */
    private final class Walk {
        private final String model;
        private final ObjectNode root;

        Walk(String model, ObjectNode root) {
            this.model = model;
            this.root = root;
        }

        /**
         * Checks an object's fields.
         *
         * @param at where the object sits in the answer
         * @return null when the object is (now) fine, else why it cannot be repaired
         */
        @Nullable String object(ObjectNode node, OpenAiSchema.Shape shape, Location at, int index) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (shape.fields().containsKey(field.getKey())) {
                    continue;
                }
                String fieldPath = at.field(field.getKey()).path();
                if (passthrough) {
                    report(model, DriftKind.UNKNOWN_FIELD, fieldPath, DriftAction.PASSED_THROUGH, "kept");
                } else {
                    report(model, DriftKind.UNKNOWN_FIELD, fieldPath, DriftAction.DROPPED, "dropped");
                    fields.remove();
                }
            }
            // present values first, so a repair of a missing field can rely on its (repaired) siblings
            for (Map.Entry<String, OpenAiSchema.Shape> expected : shape.fields().entrySet()) {
                String name = expected.getKey();
                OpenAiSchema.Shape fieldShape = expected.getValue();
                JsonNode value = node.get(name);
                if (value == null || value.isNull()) {
                    continue;
                }
                Location field = at.field(name);
                String failure = value(node, name, value, fieldShape, field);
                if (failure != null) {
                    if (shape.required().contains(name) || fieldShape.fields().isEmpty()) {
                        return failure;
                    }
                    // an optional object that cannot be repaired (e.g. usage without counts): better gone
                    node.remove(name);
                    report(model, DriftKind.MISSING_FIELD, field.path(), DriftAction.REPAIRED, "removed: " + failure);
                }
            }
            for (Map.Entry<String, OpenAiSchema.Shape> expected : shape.fields().entrySet()) {
                String name = expected.getKey();
                OpenAiSchema.Shape fieldShape = expected.getValue();
                JsonNode value = node.get(name);
                if (value != null && !value.isNull()) {
                    continue;
                }
                if (value != null && (fieldShape.nullable() || fieldShape.isAny())) {
                    continue;
                }
                if (!shape.required().contains(name)) {
                    if (value != null) {
                        node.remove(name); // null where the schema allows only a value: absent means the same
                    }
                    continue;
                }
                Location field = at.field(name);
                String fieldPath = field.path();
                JsonNode repaired = missing(name, fieldShape, node, fieldPath, index);
                if (repaired == null) {
                    report(model, DriftKind.MISSING_FIELD, fieldPath, DriftAction.REJECTED, "absent");
                    return "'%s' is missing".formatted(field.where());
                }
                node.set(name, repaired);
                report(model, DriftKind.MISSING_FIELD, fieldPath, DriftAction.REPAIRED, "-> " + shortly(repaired));
            }
            return null;
        }

        private @Nullable String value(ObjectNode parent, String name, JsonNode value, OpenAiSchema.Shape shape,
                Location at) {
            switch (shape.type()) {
                case "any" -> {
                    return null;
                }
                case "object" -> {
                    if (!(value instanceof ObjectNode object)) {
                        return wrongType(parent, name, value, shape, at);
                    }
                    return shape.fields().isEmpty() ? null : object(object, shape, at, 0);
                }
                case "array" -> {
                    if (!(value instanceof ArrayNode array)) {
                        return wrongType(parent, name, value, shape, at);
                    }
                    OpenAiSchema.Shape items = shape.items();
                    if (items == null || items.isAny()) {
                        return null;
                    }
                    for (int i = 0; i < array.size(); i++) {
                        JsonNode item = array.get(i);
                        Location itemAt = at.item(i);
                        if (items.type().equals("object")) {
                            if (!(item instanceof ObjectNode object)) {
                                report(model, DriftKind.WRONG_TYPE, itemAt.path(), DriftAction.REJECTED, typeOf(item));
                                return "'%s' is %s, expected an object".formatted(itemAt.where(), typeOf(item));
                            }
                            String failure = object(object, items, itemAt, i);
                            if (failure != null) {
                                return failure;
                            }
                        } else if (!fits(item, items)) {
                            report(model, DriftKind.WRONG_TYPE, itemAt.path(), DriftAction.REJECTED, typeOf(item));
                            return "'%s' is %s, expected %s".formatted(itemAt.where(), typeOf(item), items.type());
                        }
                    }
                    return null;
                }
                default -> {
                    if (!fits(value, shape)) {
                        return wrongType(parent, name, value, shape, at);
                    }
                    if (!shape.values().isEmpty() && !shape.values().contains(value.asText())) {
                        return unknownValue(parent, name, value.asText(), shape, at);
                    }
                    return null;
                }
            }
        }

        private @Nullable String wrongType(ObjectNode parent, String name, JsonNode value, OpenAiSchema.Shape shape,
                Location at) {
            JsonNode converted = convert(value, shape);
            if (converted != null) {
                parent.set(name, converted);
                report(model, DriftKind.WRONG_TYPE, at.path(), DriftAction.REPAIRED,
                        "%s -> %s".formatted(typeOf(value), shape.type()));
                return null;
            }
            report(model, DriftKind.WRONG_TYPE, at.path(), DriftAction.REJECTED,
                    "%s, expected %s".formatted(typeOf(value), shape.type()));
            return "'%s' is %s, expected %s".formatted(at.where(), typeOf(value), article(shape.type()));
        }

        private @Nullable String unknownValue(ObjectNode parent, String name, String value, OpenAiSchema.Shape shape,
                Location at) {
            String replacement = null;
            if (name.equals("finish_reason")) {
                replacement = FINISH_ALIASES.getOrDefault(value.toLowerCase(Locale.ROOT), "stop");
            } else if (name.equals("role")) {
                replacement = "assistant";
            } else if (name.equals("object") && shape.values().size() == 1) {
                replacement = shape.values().getFirst();
            }
            String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            if (replacement != null) {
                parent.put(name, replacement);
            } else if (shape.nullable()) {
                parent.putNull(name);
            } else {
                report(model, DriftKind.UNKNOWN_VALUE, at.path(), DriftAction.REJECTED, "'%s'".formatted(shown));
                return "'%s' is '%s', expected one of %s".formatted(at.where(), shown, shape.values());
            }
            report(model, DriftKind.UNKNOWN_VALUE, at.path(), DriftAction.REPAIRED,
                    "'%s' -> %s".formatted(shown, replacement == null ? "null" : "'" + replacement + "'"));
            return null;
        }

        /** A safe value for a missing required field, or null when there is none. */
        private @Nullable JsonNode missing(String name, OpenAiSchema.Shape shape, ObjectNode parent, String path,
                int index) {
            if (shape.nullable() || shape.isAny()) {
                return NODES.nullNode();
            }
            if (shape.values().size() == 1) {
                return NODES.textNode(shape.values().getFirst());
            }
            return switch (name) {
                case "id" -> NODES.textNode(path.contains("tool_calls") ? "call_hedge_" + ids.incrementAndGet()
                        : "hedge-" + Long.toHexString(ticker.now().toEpochMilli()) + "-" + ids.incrementAndGet());
                case "created" -> NODES.numberNode(ticker.now().getEpochSecond());
                case "model" -> NODES.textNode(model);
                case "index" -> NODES.numberNode(index);
                case "role" -> NODES.textNode("assistant");
                case "delta" -> NODES.objectNode();
                case "type" -> NODES.textNode("function");
                case "arguments" -> NODES.textNode("{}");
                case "finish_reason" -> NODES.textNode(parent.path("message").path("tool_calls").isArray()
                        && !parent.path("message").path("tool_calls").isEmpty() ? "tool_calls" : "stop");
                case "total_tokens" -> parent.path("prompt_tokens").isInt() && parent.path("completion_tokens").isInt()
                        ? NODES.numberNode(parent.get("prompt_tokens").asInt() + parent.get("completion_tokens").asInt())
                        : null;
                case "choices" -> root.has("usage") ? NODES.arrayNode() : null;
                default -> null;
            };
        }
    }

    private static boolean fits(JsonNode value, OpenAiSchema.Shape shape) {
        return switch (shape.type()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> true;
        };
    }

    /** A value of the wrong type converted without loss (a number in a string, a whole float), or null. */
    private static @Nullable JsonNode convert(JsonNode value, OpenAiSchema.Shape shape) {
        switch (shape.type()) {
            case "string" -> {
                return value.isNumber() || value.isBoolean() ? NODES.textNode(value.asText()) : null;
            }
            case "integer" -> {
                if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) {
                    return integer(value.asLong());
                }
                if (value.isTextual()) {
                    try {
                        return integer(Long.parseLong(value.asText().strip()));
                    } catch (NumberFormatException notANumber) {
                        return null;
                    }
                }
                return null;
            }
            case "number" -> {
                if (value.isTextual()) {
                    try {
                        return NODES.numberNode(Double.parseDouble(value.asText().strip()));
                    } catch (NumberFormatException notANumber) {
                        return null;
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static String typeOf(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "absent";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "array", "object" -> "an " + type;
            default -> "a " + type;
        };
    }

    /**
     * Where a value sits in an answer: a field of its parent, or an item of the array its parent names. Rendered
     * only when something is reported, so a clean answer costs no strings: as {@link #path()} without indexes
     * ({@code choices[].message.role}, what drift is counted by) or {@link #where()} with them
     * ({@code choices[0].message.role}, for messages).
     */
    private record Location(@Nullable Location parent, @Nullable String name, int index) {

        static final Location ROOT = new Location(null, null, -1);

        Location field(String field) {
            return new Location(this, field, -1);
        }

        Location item(int item) {
            return new Location(this, null, item);
        }

        String path() {
            return render(false);
        }

        String where() {
            return render(true);
        }

        private String render(boolean indexes) {
            if (parent == null) {
                return "";
            }
            String above = parent.render(indexes);
            if (name == null) {
                return above + (indexes ? "[" + index + "]" : "[]");
            }
            return above.isEmpty() ? name : above + "." + name;
        }
    }

    private static String shortly(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
