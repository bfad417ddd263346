package dev.hedge.api.json;

import static dev.hedge.api.json.Fields.ARGUMENTS;
import static dev.hedge.api.json.Fields.CONTENT;
import static dev.hedge.api.json.Fields.FUNCTION;
import static dev.hedge.api.json.Fields.FUNCTION_CALL;
import static dev.hedge.api.json.Fields.ID;
import static dev.hedge.api.json.Fields.INDEX;
import static dev.hedge.api.json.Fields.LOGPROBS;
import static dev.hedge.api.json.Fields.NAME;
import static dev.hedge.api.json.Fields.REFUSAL;
import static dev.hedge.api.json.Fields.ROLE;
import static dev.hedge.api.json.Fields.TOOL_CALLS;
import static dev.hedge.api.json.Fields.TYPE;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.usage.Usage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Chat answers: the whole {@code chat.completion}, the streamed {@code chat.completion.chunk}, and usage. */
final class ResponseWriters {

    private static final SerializedString OBJECT = Fields.name("object");
    private static final SerializedString CREATED = Fields.name("created");
    private static final SerializedString MODEL = Fields.name("model");
    private static final SerializedString CHOICES = Fields.name("choices");
    private static final SerializedString USAGE = Fields.name("usage");
    private static final SerializedString SYSTEM_FINGERPRINT = Fields.name("system_fingerprint");
    private static final SerializedString SERVICE_TIER = Fields.name("service_tier");
    private static final SerializedString MESSAGE = Fields.name("message");
    private static final SerializedString DELTA = Fields.name("delta");
    private static final SerializedString FINISH_REASON = Fields.name("finish_reason");
    private static final SerializedString PROMPT_TOKENS = Fields.name("prompt_tokens");
    private static final SerializedString COMPLETION_TOKENS = Fields.name("completion_tokens");
    private static final SerializedString TOTAL_TOKENS = Fields.name("total_tokens");
    private static final SerializedString PROMPT_TOKENS_DETAILS = Fields.name("prompt_tokens_details");
    private static final SerializedString COMPLETION_TOKENS_DETAILS = Fields.name("completion_tokens_details");
    private static final SerializedString CACHED_TOKENS = Fields.name("cached_tokens");
    private static final SerializedString AUDIO_TOKENS = Fields.name("audio_tokens");
    private static final SerializedString REASONING_TOKENS = Fields.name("reasoning_tokens");
    private static final SerializedString ACCEPTED_PREDICTION_TOKENS = Fields.name("accepted_prediction_tokens");
    private static final SerializedString REJECTED_PREDICTION_TOKENS = Fields.name("rejected_prediction_tokens");

    private ResponseWriters() {}

    static void completion(ChatCompletion c, JsonGenerator g, SerializerProvider provider) throws IOException {
        answer(g, c.id(), c.object(), c.created(), c.model(), c.choices(), ResponseWriters::choice, c.usage(),
                c.systemFingerprint(), c.serviceTier(), c.extra(), provider);
    }

    static void choice(ChatCompletion.Choice c, JsonGenerator g, SerializerProvider provider) throws IOException {
        choice(g, c.index(), MESSAGE, c.message(), MessageWriters::message, c.finishReason(), c.logprobs(), c.extra(),
                provider);
    }

    static void chunk(ChatCompletionChunk c, JsonGenerator g, SerializerProvider provider) throws IOException {
        answer(g, c.id(), c.object(), c.created(), c.model(), c.choices(), ResponseWriters::chunkChoice, c.usage(),
                c.systemFingerprint(), c.serviceTier(), c.extra(), provider);
    }

    static void chunkChoice(ChatCompletionChunk.Choice c, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        choice(g, c.index(), DELTA, c.delta(), ResponseWriters::delta, c.finishReason(), c.logprobs(), c.extra(),
                provider);
    }

    /** A whole answer or a chunk: the two records have the same components but for their choices' type. */
    private static <C> void answer(JsonGenerator g, @Nullable String id, @Nullable String object, long created,
            @Nullable String model, @Nullable List<C> choices, Fields.Writer<C> choice, @Nullable Usage usage,
            @Nullable String systemFingerprint, @Nullable String serviceTier, Map<String, JsonNode> extra,
            SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, ID, id);
        Fields.string(g, OBJECT, object);
        Fields.number(g, CREATED, created);
        Fields.string(g, MODEL, model);
        Fields.list(g, CHOICES, choices, choice, provider);
        Fields.object(g, USAGE, usage, ResponseWriters::usage, provider);
        Fields.string(g, SYSTEM_FINGERPRINT, systemFingerprint);
        Fields.string(g, SERVICE_TIER, serviceTier);
        Fields.extra(g, extra, provider);
        g.writeEndObject();
    }

    /** A choice with its {@code message} or its {@code delta}; finish reason and logprobs are written when null. */
    private static <B> void choice(JsonGenerator g, int index, SerializableString bodyName, @Nullable B body,
            Fields.Writer<B> bodyWriter, @Nullable String finishReason, @Nullable JsonNode logprobs,
            Map<String, JsonNode> extra, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.number(g, INDEX, index);
        Fields.object(g, bodyName, body, bodyWriter, provider);
        Fields.stringOrNull(g, FINISH_REASON, finishReason);
        Fields.nodeOrNull(g, LOGPROBS, logprobs, provider);
        Fields.extra(g, extra, provider);
        g.writeEndObject();
    }

    static void delta(ChatCompletionChunk.Delta d, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, ROLE, d.role());
        Fields.string(g, CONTENT, d.content());
        Fields.string(g, REFUSAL, d.refusal());
        Fields.list(g, TOOL_CALLS, d.toolCalls(), ResponseWriters::toolCallDelta, provider);
        Fields.node(g, FUNCTION_CALL, d.functionCall(), provider);
        Fields.extra(g, d.extra(), provider);
        g.writeEndObject();
    }

    static void toolCallDelta(ChatCompletionChunk.ToolCallDelta t, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        g.writeStartObject();
        Fields.number(g, INDEX, t.index());
        Fields.string(g, ID, t.id());
        Fields.string(g, TYPE, t.type());
        Fields.object(g, FUNCTION, t.function(), ResponseWriters::functionDelta, provider);
        Fields.extra(g, t.extra(), provider);
        g.writeEndObject();
    }

    static void functionDelta(ChatCompletionChunk.ToolCallDelta.FunctionDelta f, JsonGenerator g,
            SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, NAME, f.name());
        Fields.string(g, ARGUMENTS, f.arguments());
        g.writeEndObject();
    }

    static void usage(Usage u, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.number(g, PROMPT_TOKENS, u.promptTokens());
        Fields.number(g, COMPLETION_TOKENS, u.completionTokens());
        Fields.number(g, TOTAL_TOKENS, u.totalTokens());
        Fields.object(g, PROMPT_TOKENS_DETAILS, u.promptTokensDetails(), ResponseWriters::promptDetails, provider);
        Fields.object(g, COMPLETION_TOKENS_DETAILS, u.completionTokensDetails(), ResponseWriters::completionDetails,
                provider);
        Fields.extra(g, u.extra(), provider);
        g.writeEndObject();
    }

    static void promptDetails(Usage.PromptTokensDetails d, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        g.writeStartObject();
        Fields.number(g, CACHED_TOKENS, d.cachedTokens());
        Fields.number(g, AUDIO_TOKENS, d.audioTokens());
        Fields.extra(g, d.extra(), provider);
        g.writeEndObject();
    }

    static void completionDetails(Usage.CompletionTokensDetails d, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        g.writeStartObject();
        Fields.number(g, REASONING_TOKENS, d.reasoningTokens());
        Fields.number(g, AUDIO_TOKENS, d.audioTokens());
        Fields.number(g, ACCEPTED_PREDICTION_TOKENS, d.acceptedPredictionTokens());
        Fields.number(g, REJECTED_PREDICTION_TOKENS, d.rejectedPredictionTokens());
        Fields.extra(g, d.extra(), provider);
        g.writeEndObject();
    }
}
