package dev.hedge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.embeddings.EmbeddingVector;
import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.drift.DriftAction;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.http.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Gemini answers → OpenAI: candidates become choices (text parts joined, thought parts left out, function
 * calls as tool calls), finish reasons are mapped (safety, recitation and blocklist stops as
 * {@code content_filter}), a prompt blocked by safety becomes one empty choice finished by
 * {@code content_filter}, usage metadata becomes usage (thought tokens as reasoning, cached content as
 * cached tokens), and an error object becomes a failure.
 */
final class GeminiResponses {

    private GeminiResponses() {}

    /** What one candidate says: its text, its function calls, its finish reason (null while streaming on). */
    record Candidate(int index, String text, List<ToolCall> calls, @Nullable String finishReason) {}

    static ChatCompletion completion(DriftGuard guard, String model, JsonNode answer, long created,
            List<Secret> secrets, IntFunction<String> callIds) {
        failOnError(guard.provider(), answer, secrets);
        List<ChatCompletion.Choice> choices = new ArrayList<>();
        for (Candidate candidate : candidates(guard, model, answer, callIds)) {
            ChatMessage message = new ChatMessage("assistant",
                    candidate.text().isEmpty() && !candidate.calls().isEmpty() ? null
                            : MessageContent.of(candidate.text()), null,
                    candidate.calls().isEmpty() ? null : candidate.calls(), null, null, null, Map.of());
            choices.add(new ChatCompletion.Choice(candidate.index(), message,
                    candidate.finishReason() == null ? "stop" : candidate.finishReason(), null, Map.of()));
        }
        return new ChatCompletion(answer.path("responseId").asText("gemini-" + created), ChatCompletion.OBJECT,
                created, answer.path("modelVersion").asText(model), choices, usage(answer.path("usageMetadata")),
                null, null, Map.of());
    }

    /**
     * The candidates of one answer (or one streamed event). With no candidates and a prompt block, one
     * empty candidate finished by {@code content_filter}.
     *
     * @param callIds names a function call that came without an id, by its number in the answer
     */
    static List<Candidate> candidates(DriftGuard guard, String model, JsonNode answer, IntFunction<String> callIds) {
        List<Candidate> out = new ArrayList<>();
        JsonNode candidates = answer.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            if (answer.path("promptFeedback").has("blockReason")) {
                out.add(new Candidate(0, "", List.of(), "content_filter"));
            }
            return out;
        }
        int position = 0;
        for (JsonNode candidate : candidates) {
            StringBuilder text = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("text")) {
                    if (!part.path("thought").asBoolean(false)) {
                        text.append(part.path("text").asText());
                    }
                } else if (part.has("functionCall")) {
                    JsonNode call = part.path("functionCall");
                    String id = call.path("id").asText("");
                    calls.add(ToolCall.function(id.isEmpty() ? callIds.apply(calls.size()) : id,
                            call.path("name").asText(), call.path("args").isObject() ? call.path("args").toString()
                                    : "{}"));
                } else if (!part.has("thoughtSignature")) {
                    String kind = part.fieldNames().hasNext() ? part.fieldNames().next() : "empty";
                    guard.report(model, DriftKind.UNKNOWN_VALUE, "candidates[].content.parts[]", DriftAction.IGNORED,
                            "'" + kind + "'");
                }
            }
            JsonNode reason = candidate.path("finishReason");
            String finish = reason.isTextual() ? finishReason(guard, model, reason.asText(), !calls.isEmpty()) : null;
            out.add(new Candidate(candidate.path("index").asInt(position), text.toString(), List.copyOf(calls),
                    finish));
            position++;
        }
        return out;
    }

    static String finishReason(DriftGuard guard, String model, String reason, boolean calledTools) {
        return switch (reason) {
            case "STOP" -> calledTools ? "tool_calls" : "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            case "FINISH_REASON_UNSPECIFIED", "OTHER", "LANGUAGE", "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL" ->
                    "stop";
            default -> {
                guard.report(model, DriftKind.UNKNOWN_VALUE, "candidates[].finishReason", DriftAction.REPAIRED,
                        "'%s' -> 'stop'".formatted(reason));
                yield calledTools ? "tool_calls" : "stop";
            }
        };
    }

    static @Nullable Usage usage(JsonNode metadata) {
        if (!metadata.isObject()) {
            return null;
        }
        int prompt = metadata.path("promptTokenCount").asInt(0);
        int thoughts = metadata.path("thoughtsTokenCount").asInt(0);
        int completion = metadata.path("candidatesTokenCount").asInt(0) + thoughts;
        int cached = metadata.path("cachedContentTokenCount").asInt(0);
        return new Usage(prompt, completion, prompt + completion,
                cached == 0 ? null : new Usage.PromptTokensDetails(cached, null, Map.of()),
                thoughts == 0 ? null : new Usage.CompletionTokensDetails(thoughts, null, null, null, Map.of()),
                Map.of());
    }

    static EmbeddingResponse embeddings(String provider, String model, JsonNode answer, List<Secret> secrets,
            boolean base64, int promptTokens) {
        failOnError(provider, answer, secrets);
        JsonNode embeddings = answer.path("embeddings");
        if (!embeddings.isArray()) {
            throw ProviderException.protocol(provider,
                    "provider '%s' sent an embeddings answer without 'embeddings'".formatted(provider), null);
        }
        List<EmbeddingResponse.Embedding> data = new ArrayList<>();
        for (int i = 0; i < embeddings.size(); i++) {
            JsonNode values = embeddings.get(i).path("values");
            if (!values.isArray()) {
                throw ProviderException.protocol(provider,
                        "provider '%s' sent embeddings[%d] without 'values'".formatted(provider, i), null);
            }
            float[] vector = new float[values.size()];
            for (int j = 0; j < vector.length; j++) {
                vector[j] = (float) values.get(j).asDouble();
            }
            data.add(EmbeddingResponse.Embedding.of(i,
                    base64 ? EmbeddingVector.base64(vector) : EmbeddingVector.floats(vector)));
        }
        return EmbeddingResponse.of(data, model, promptTokens);
    }

    /** Fails with the error an answer (or a streamed event) carries in place of content. */
    static void failOnError(String provider, JsonNode answer, List<Secret> secrets) {
        JsonNode error = answer.path("error");
        if (!error.isObject()) {
            return;
        }
        int code = error.path("code").asInt(500);
        int status = code >= 400 && code < 600 ? code : 500;
        ErrorBody body = UpstreamErrors.fromNode(status, answer);
        if (body == null) {
            body = new ErrorBody("HTTP " + status, UpstreamErrors.typeFor(status), null, null);
        }
        throw ProviderException.streamError(provider, status, new ErrorBody(Secret.scrub(body.message(), secrets),
                body.type(), body.param(), body.code()));
    }
}
