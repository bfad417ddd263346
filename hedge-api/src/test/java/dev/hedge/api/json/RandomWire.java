package dev.hedge.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ResponseFormat;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.usage.Usage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Random wire records for the differential test: every field is often {@code null}, lists are often empty or
 * hold a {@code null}, strings carry escapes, control characters, non-ASCII and surrogate pairs, numbers reach
 * their extremes, and every record's {@code extra} map carries arbitrary JSON (and {@code null} values).
 */
final class RandomWire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] PIECES = {"a", "hello", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000",
        "\u0001", "\u001f", "\u007f", "\u0080", "é", "ß", "漢字", "😀", "\uD83D\uDE00", "\u2028", "\u2029", "\uFEFF",
        "</script>", "&<>'", "{\"json\":[1,2]}", "stop", "chat.completion", "id", "content", "finish_reason"};

    private final Random random;

    RandomWire(Random random) {
        this.random = random;
    }

    ChatCompletion completion() {
        return new ChatCompletion(str(), str(), random.nextLong(), str(), list(this::choice), maybe(this::usage), str(),
                str(), extra());
    }

    ChatCompletion.Choice choice() {
        return new ChatCompletion.Choice(random.nextInt(), maybe(this::message), str(), maybe(this::node), extra());
    }

    ChatCompletionChunk chunk() {
        return new ChatCompletionChunk(str(), str(), random.nextLong(), str(), list(this::chunkChoice),
                maybe(this::usage), str(), str(), extra());
    }

    ChatCompletionChunk.Choice chunkChoice() {
        return new ChatCompletionChunk.Choice(random.nextInt(), maybe(this::delta), str(), maybe(this::node), extra());
    }

    ChatCompletionChunk.Delta delta() {
        return new ChatCompletionChunk.Delta(str(), str(), str(), list(this::toolCallDelta), maybe(this::node), extra());
    }

    ChatCompletionChunk.ToolCallDelta toolCallDelta() {
        return new ChatCompletionChunk.ToolCallDelta(random.nextInt(), str(), str(),
                maybe(() -> new ChatCompletionChunk.ToolCallDelta.FunctionDelta(str(), str())), extra());
    }

    Usage usage() {
        return new Usage(random.nextInt(), random.nextInt(), random.nextInt(),
                maybe(() -> new Usage.PromptTokensDetails(integer(), integer(), extra())),
                maybe(() -> new Usage.CompletionTokensDetails(integer(), integer(), integer(), integer(), extra())),
                extra());
    }

    ChatMessage message() {
        return new ChatMessage(str(), maybe(this::content), str(), list(this::toolCall), str(), str(), maybe(this::node),
                extra());
    }

    MessageContent content() {
        if (random.nextBoolean()) {
            return new MessageContent.Text(text());
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            parts.add(part());
        }
        return new MessageContent.Parts(parts);
    }

    ContentPart part() {
        return new ContentPart(str(), str(), maybe(() -> new ContentPart.ImageUrl(str(), str())), maybe(this::node),
                maybe(this::node), str(), extra());
    }

    ToolCall toolCall() {
        return new ToolCall(str(), str(), maybe(() -> new ToolCall.FunctionCall(str(), str())), extra());
    }

    ChatCompletionRequest request() {
        return new ChatCompletionRequest(str(), list(this::message), bool(),
                maybe(() -> new StreamOptions(bool(), extra())), integer(), integer(), integer(), decimal(), decimal(),
                maybe(this::node), list(this::tool), maybe(this::node), bool(), maybe(this::responseFormat), str(),
                random.nextInt(3) == 0 ? null : random.nextLong(), bool(), integer(), decimal(), decimal(), extra());
    }

    Tool tool() {
        return new Tool(str(), maybe(() -> new Tool.FunctionDefinition(str(), str(), maybe(this::node), bool(), extra())),
                extra());
    }

    ResponseFormat responseFormat() {
        return new ResponseFormat(str(),
                maybe(() -> new ResponseFormat.JsonSchema(str(), str(), maybe(this::node), bool(), extra())), extra());
    }

    /** A field's value: {@code null} one time in three (record components declared non-null included). */
    <T> @Nullable T maybe(Supplier<T> value) {
        return random.nextInt(3) == 0 ? null : value.get();
    }

    @Nullable String str() {
        return random.nextInt(3) == 0 ? null : text();
    }

    String text() {
        int kind = random.nextInt(8);
        if (kind == 0) {
            return "";
        }
        if (kind == 1) {
            // longer than the generator's output buffer
            return "x".repeat(7990 + random.nextInt(20)) + PIECES[random.nextInt(PIECES.length)];
        }
        if (kind == 2) {
            StringBuilder any = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                any.appendCodePoint(codePoint());
            }
            return any.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private int codePoint() {
        while (true) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x110000) : random.nextInt(0x800);
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                return cp;
            }
        }
    }

    @Nullable Integer integer() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case 2 -> random.nextInt(100);
            default -> random.nextInt();
        };
    }

    @Nullable Double decimal() {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e7, 0.1}[random.nextInt(10)];
            case 2 -> (double) random.nextInt(3);
            case 3 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextDouble() * 2;
        };
    }

    @Nullable Boolean bool() {
        return random.nextInt(3) == 0 ? null : random.nextBoolean();
    }

    <T> @Nullable List<T> list(Supplier<T> element) {
        int size = random.nextInt(5) - 1;
        if (size < 0) {
            return null;
        }
        List<T> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(random.nextInt(10) == 0 ? null : element.get());
        }
        return list;
    }

    /** An {@code extra} map: empty half the time, else a few entries (some {@code null}) in insertion order. */
    Map<String, JsonNode> extra() {
        if (random.nextBoolean()) {
            return Map.of();
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            extra.put(text(), random.nextInt(6) == 0 ? null : node());
        }
        return extra;
    }

    JsonNode node() {
        return node(3);
    }

    private JsonNode node(int depth) {
        int kinds = depth == 0 ? 14 : 16;
        return switch (random.nextInt(kinds)) {
            case 0 -> NullNode.instance;
            case 1 -> MissingNode.getInstance();
            case 2 -> NODES.textNode(text());
            case 3 -> NODES.numberNode(random.nextInt());
            case 4 -> NODES.numberNode(random.nextLong());
            case 5 -> NODES.numberNode(new BigInteger(100, random).negate());
            case 6 -> NODES.numberNode(new BigDecimal(new BigInteger(70, random), random.nextInt(40) - 20));
            case 7 -> NODES.numberNode(new BigDecimal("1.50"));
            case 8 -> NODES.numberNode(decimalOrZero());
            case 9 -> NODES.numberNode(random.nextFloat());
            case 10 -> NODES.booleanNode(random.nextBoolean());
            case 11 -> NODES.numberNode((short) random.nextInt());
            case 12 -> NODES.binaryNode(new byte[] {(byte) random.nextInt(), 2, 3});
            case 13 -> new POJONode(List.of(text(), random.nextInt()));
            case 14 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(node(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(text(), node(depth - 1));
                }
                yield object;
            }
        };
    }

    private double decimalOrZero() {
        Double d = decimal();
        return d == null ? 0 : d;
    }
}
