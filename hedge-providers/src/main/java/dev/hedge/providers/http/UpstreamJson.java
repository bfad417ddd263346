package dev.hedge.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * JSON to and from suppliers: reading answers (malformed JSON is a {@link ProviderException.Kind#PROTOCOL}
 * failure), and the pieces translating dialects share when they write requests.
 */
public final class UpstreamJson {

    private UpstreamJson() {}

    public static JsonNode tree(String provider, byte[] body) {
        try {
            JsonNode tree = Json.tree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ProviderException.protocol(provider, "empty answer where JSON was expected", null);
            }
            return tree;
        } catch (IOException e) {
            throw ProviderException.protocol(provider, "malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Translates a request and sends it; a request the dialect cannot carry (a {@link ProviderException}
     * from {@code translate}) fails the stage without a call.
     */
    public static <T> CompletionStage<T> send(Supplier<?> translate, Function<byte[], CompletionStage<T>> send) {
        byte[] body;
        try {
            body = Json.write(translate.get());
        } catch (ProviderException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send.apply(body);
    }

    /**
     * A tool call's {@code arguments} as the JSON object a dialect needs ({@code {}} when blank).
     *
     * @throws ProviderException of kind {@link ProviderException.Kind#UNSUPPORTED} naming {@code where}
     */
    public static JsonNode argumentsObject(String provider, String dialect, String arguments, String where) {
        if (arguments.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode parsed = Json.tree(arguments.getBytes(StandardCharsets.UTF_8));
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // reported below
        }
        throw ProviderException.unsupported(provider,
                "%s: not a JSON object (the %s dialect needs the arguments as an object)".formatted(where, dialect));
    }

    /**
     * Adds {@code items} to the last turn of {@code turns} when it has the same role, else starts a turn:
     * dialects whose user and assistant turns must alternate.
     *
     * @param itemsField the turn's array field ({@code content}, {@code parts})
     */
    public static void appendTurn(ArrayNode turns, String role, String itemsField, ArrayNode items) {
        if (items.isEmpty()) {
            return;
        }
        if (!turns.isEmpty() && role.equals(turns.get(turns.size() - 1).path("role").asText())) {
            ((ArrayNode) turns.get(turns.size() - 1).get(itemsField)).addAll(items);
            return;
        }
        ObjectNode turn = JsonNodeFactory.instance.objectNode().put("role", role);
        turn.set(itemsField, items);
        turns.add(turn);
    }
}
