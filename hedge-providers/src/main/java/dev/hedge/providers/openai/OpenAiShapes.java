package dev.hedge.providers.openai;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.json.Json;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.Relayed;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.http.UpstreamErrors;
import dev.hedge.providers.http.UpstreamJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads OpenAI-dialect answers into our types and checks what clients rely on. Safe repairs (a missing
 * {@code object}, {@code choices} on a usage-only chunk, an absent {@code delta}) are made silently; an error
 * object inside a 200 answer becomes a stream error; anything else missing is a protocol error naming the
 * field.
 */
final class OpenAiShapes {

    private OpenAiShapes() {}

    /**
     * A {@code chat.completion} answer: read straight into the record when it has exactly the expected shape
     * ({@link TypedAnswerReader}), else held against the schema by {@code guard} (repaired, reported or
     * rejected) and then read. An answer read straight keeps its bytes to be relayed (see {@link #relayable});
     * a repaired one is written anew.
     *
     * @param model the model asked for (for the guard's repairs and counters)
     */
    static Relayed<ChatCompletion> completion(String provider, DriftGuard guard, String model, byte[] body,
            List<Secret> secrets) {
        Optional<ChatCompletion> typed = TypedAnswerReader.completion(body);
        if (typed.isPresent()) {
            return new Relayed<>(typed.get(), relayable(body, false) ? body : null);
        }
        return Relayed.of(completion(provider,
                guard.check(DriftGuard.Answer.CHAT_COMPLETION, model, tree(provider, body)), secrets));
    }

    /**
     * A {@code chat.completion.chunk} event, read as {@code completion} reads an answer; relayed only when its
     * JSON is on one line.
     */
    static Relayed<ChatCompletionChunk> chunk(String provider, DriftGuard guard, String model, byte[] data,
            List<Secret> secrets) {
        Optional<ChatCompletionChunk> typed = TypedAnswerReader.chunk(data);
        if (typed.isPresent()) {
            return new Relayed<>(typed.get(), relayable(data, true) ? data : null);
        }
        return Relayed.of(chunk(provider, guard.check(DriftGuard.Answer.CHAT_CHUNK, model, tree(provider, data)),
                secrets));
    }

    /**
     * Whether the bytes of an answer the typed reader took may go to the client as they are ({@link Relayed}):
     * the reader took them as they are, so they say what the record says, but Jackson reads more than a client
     * may: UTF-16 and UTF-32 and a byte-order mark (UTF-8 JSON of an object starts with '{' and a byte that is
     * not zero), and line breaks between tokens, where a pretty-printer puts them (a string cannot hold a raw
     * one: Jackson refuses it), which one SSE {@code data:} line cannot hold.
     *
     * @param oneLine whether the bytes must be on one line (a streamed chunk's)
     */
    static boolean relayable(byte[] json, boolean oneLine) {
        if (json.length < 2 || json[0] != '{' || json[1] == 0) {
            return false;
        }
        if (oneLine) {
            for (byte b : json) {
                if (b == '\n' || b == '\r') {
                    return false;
                }
            }
        }
        return true;
    }

    static ChatCompletion completion(String provider, JsonNode body, List<Secret> secrets) {
        ChatCompletion parsed = read(provider, body, ChatCompletion.class);
        if (parsed.choices() == null) {
            throw missingOrError(provider, "choices", parsed.extra(), secrets);
        }
        for (int i = 0; i < parsed.choices().size(); i++) {
            if (parsed.choices().get(i) == null || parsed.choices().get(i).message() == null) {
                throw missing(provider, "choices[%d].message".formatted(i));
            }
        }
        return new ChatCompletion(orEmpty(parsed.id()), or(parsed.object(), ChatCompletion.OBJECT), parsed.created(),
                orEmpty(parsed.model()), parsed.choices(), parsed.usage(), parsed.systemFingerprint(),
                parsed.serviceTier(), parsed.extra());
    }

    static ChatCompletionChunk chunk(String provider, JsonNode data, List<Secret> secrets) {
        ChatCompletionChunk parsed = read(provider, data, ChatCompletionChunk.class);
        List<ChatCompletionChunk.Choice> choices = parsed.choices();
        if (choices == null) {
            if (parsed.usage() == null) {
                throw missingOrError(provider, "choices", parsed.extra(), secrets);
            }
            choices = List.of();
        }
        boolean repaired = false;
        List<ChatCompletionChunk.Choice> fixed = new ArrayList<>(choices.size());
        for (ChatCompletionChunk.Choice choice : choices) {
            if (choice.delta() == null) {
                repaired = true;
                fixed.add(new ChatCompletionChunk.Choice(choice.index(),
                        new ChatCompletionChunk.Delta(null, null, null, null, null, Map.of()), choice.finishReason(),
                        choice.logprobs(), choice.extra()));
            } else {
                fixed.add(choice);
            }
        }
        if (!repaired && parsed.choices() != null && parsed.object() != null && parsed.id() != null
                && parsed.model() != null) {
            return parsed;
        }
        return new ChatCompletionChunk(orEmpty(parsed.id()), or(parsed.object(), ChatCompletionChunk.OBJECT),
                parsed.created(), orEmpty(parsed.model()), fixed, parsed.usage(), parsed.systemFingerprint(),
                parsed.serviceTier(), parsed.extra());
    }

    static boolean chunkFinished(ChatCompletionChunk chunk) {
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
            if (choice.finishReason() != null) {
                return true;
            }
        }
        return false;
    }

    static Completion textCompletion(String provider, byte[] body, List<Secret> secrets) {
        Completion parsed = read(provider, body, Completion.class);
        if (parsed.choices() == null) {
            throw missingOrError(provider, "choices", parsed.extra(), secrets);
        }
        return repairText(parsed);
    }

    static Completion textChunk(String provider, byte[] data, List<Secret> secrets) {
        Completion parsed = read(provider, data, Completion.class);
        if (parsed.choices() == null) {
            if (parsed.usage() == null) {
                throw missingOrError(provider, "choices", parsed.extra(), secrets);
            }
            return new Completion(orEmpty(parsed.id()), Completion.OBJECT, parsed.created(), orEmpty(parsed.model()),
                    List.of(), parsed.usage(), parsed.systemFingerprint(), parsed.extra());
        }
        return repairText(parsed);
    }

    static boolean textChunkFinished(Completion chunk) {
        for (Completion.Choice choice : chunk.choices()) {
            if (choice.finishReason() != null) {
                return true;
            }
        }
        return false;
    }

    static EmbeddingResponse embeddings(String provider, JsonNode body, List<Secret> secrets) {
        EmbeddingResponse parsed = read(provider, body, EmbeddingResponse.class);
        if (parsed.data() == null) {
            throw missingOrError(provider, "data", parsed.extra(), secrets);
        }
        for (int i = 0; i < parsed.data().size(); i++) {
            if (parsed.data().get(i) == null || parsed.data().get(i).embedding() == null) {
                throw missing(provider, "data[%d].embedding".formatted(i));
            }
        }
        return new EmbeddingResponse(or(parsed.object(), "list"), parsed.data(), orEmpty(parsed.model()),
                parsed.usage(), parsed.extra());
    }

    private static Completion repairText(Completion parsed) {
        List<Completion.Choice> choices = new ArrayList<>(parsed.choices().size());
        for (Completion.Choice choice : parsed.choices()) {
            choices.add(choice.text() != null ? choice
                    : new Completion.Choice("", choice.index(), choice.logprobs(), choice.finishReason(), choice.extra()));
        }
        return new Completion(orEmpty(parsed.id()), or(parsed.object(), Completion.OBJECT), parsed.created(),
                orEmpty(parsed.model()), choices, parsed.usage(), parsed.systemFingerprint(), parsed.extra());
    }

    private static <T> T read(String provider, JsonNode body, Class<T> type) {
        try {
            return Json.mapper().treeToValue(body, type);
        } catch (JsonMappingException e) {
            throw ProviderException.protocol(provider, "answer does not fit the OpenAI shape at '%s': %s"
                    .formatted(e.getPathReference(), e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw ProviderException.protocol(provider, "unreadable answer: " + e.getMessage(), e);
        }
    }

    /** Reads JSON bytes as a tree; malformed JSON is a protocol error. */
    static JsonNode tree(String provider, byte[] body) {
        return UpstreamJson.tree(provider, body);
    }

    private static <T> T read(String provider, byte[] body, Class<T> type) {
        try {
            return Json.read(body, type);
        } catch (JsonMappingException e) {
            throw ProviderException.protocol(provider, "answer does not fit the OpenAI shape at '%s': %s"
                    .formatted(e.getPathReference(), e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw ProviderException.protocol(provider, "malformed JSON: " + e.getMessage(), e);
        }
    }

    /** A required field is missing: an error object in its place is the supplier's error, else a protocol error. */
    private static ProviderException missingOrError(String provider, String field, Map<String, JsonNode> extra,
            List<Secret> secrets) {
        JsonNode error = extra.get("error");
        if (error != null && !error.isNull()) {
            ErrorBody body = UpstreamErrors.fromNode(500, Json.mapper().createObjectNode().set("error", error));
            if (body != null) {
                int status = statusOf(error);
                return ProviderException.streamError(provider, status,
                        new ErrorBody(Secret.scrub(body.message(), secrets), body.type(), body.param(), body.code()));
            }
        }
        return missing(provider, field);
    }

    /** The HTTP status an in-band error stands for, from its code or type; 500 when it names none. */
    private static int statusOf(JsonNode error) {
        JsonNode code = error.path("code");
        if (code.isInt() && code.asInt() >= 400 && code.asInt() < 600) {
            return code.asInt();
        }
        String type = error.path("type").asText("");
        return switch (type) {
            case "rate_limit_error", "rate_limit_exceeded" -> 429;
            case "overloaded_error" -> 503;
            case "invalid_request_error" -> 400;
            default -> 500;
        };
    }

    private static ProviderException missing(String provider, String field) {
        return ProviderException.protocol(provider, "answer is missing '%s'".formatted(field), null);
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static String or(@Nullable String value, String fallback) {
        return value == null ? fallback : value;
    }
}
