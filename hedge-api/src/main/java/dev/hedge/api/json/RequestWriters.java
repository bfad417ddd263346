package dev.hedge.api.json;

import static dev.hedge.api.json.Fields.DESCRIPTION;
import static dev.hedge.api.json.Fields.FUNCTION;
import static dev.hedge.api.json.Fields.LOGPROBS;
import static dev.hedge.api.json.Fields.NAME;
import static dev.hedge.api.json.Fields.STRICT;
import static dev.hedge.api.json.Fields.TYPE;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ResponseFormat;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.api.chat.Tool;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The chat request, as Hedge sends it upstream: its options, tools and response format. */
final class RequestWriters {

    private static final SerializedString MODEL = Fields.name("model");
    private static final SerializedString MESSAGES = Fields.name("messages");
    private static final SerializedString STREAM = Fields.name("stream");
    private static final SerializedString STREAM_OPTIONS = Fields.name("stream_options");
    private static final SerializedString MAX_TOKENS = Fields.name("max_tokens");
    private static final SerializedString MAX_COMPLETION_TOKENS = Fields.name("max_completion_tokens");
    private static final SerializedString N = Fields.name("n");
    private static final SerializedString TEMPERATURE = Fields.name("temperature");
    private static final SerializedString TOP_P = Fields.name("top_p");
    private static final SerializedString STOP = Fields.name("stop");
    private static final SerializedString TOOLS = Fields.name("tools");
    private static final SerializedString TOOL_CHOICE = Fields.name("tool_choice");
    private static final SerializedString PARALLEL_TOOL_CALLS = Fields.name("parallel_tool_calls");
    private static final SerializedString RESPONSE_FORMAT = Fields.name("response_format");
    private static final SerializedString USER = Fields.name("user");
    private static final SerializedString SEED = Fields.name("seed");
    private static final SerializedString TOP_LOGPROBS = Fields.name("top_logprobs");
    private static final SerializedString PRESENCE_PENALTY = Fields.name("presence_penalty");
    private static final SerializedString FREQUENCY_PENALTY = Fields.name("frequency_penalty");
    private static final SerializedString INCLUDE_USAGE = Fields.name("include_usage");
    private static final SerializedString PARAMETERS = Fields.name("parameters");
    private static final SerializedString JSON_SCHEMA = Fields.name("json_schema");
    private static final SerializedString SCHEMA = Fields.name("schema");

    private RequestWriters() {}

    static void request(ChatCompletionRequest r, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, MODEL, r.model());
        Fields.list(g, MESSAGES, r.messages(), MessageWriters::message, provider);
        Fields.bool(g, STREAM, r.stream());
        Fields.object(g, STREAM_OPTIONS, r.streamOptions(), RequestWriters::streamOptions, provider);
        Fields.number(g, MAX_TOKENS, r.maxTokens());
        Fields.number(g, MAX_COMPLETION_TOKENS, r.maxCompletionTokens());
        Fields.number(g, N, r.n());
        Fields.number(g, TEMPERATURE, r.temperature());
        Fields.number(g, TOP_P, r.topP());
        Fields.node(g, STOP, r.stop(), provider);
        Fields.list(g, TOOLS, r.tools(), RequestWriters::tool, provider);
        Fields.node(g, TOOL_CHOICE, r.toolChoice(), provider);
        Fields.bool(g, PARALLEL_TOOL_CALLS, r.parallelToolCalls());
        Fields.object(g, RESPONSE_FORMAT, r.responseFormat(), RequestWriters::responseFormat, provider);
        Fields.string(g, USER, r.user());
        Fields.number(g, SEED, r.seed());
        Fields.bool(g, LOGPROBS, r.logprobs());
        Fields.number(g, TOP_LOGPROBS, r.topLogprobs());
        Fields.number(g, PRESENCE_PENALTY, r.presencePenalty());
        Fields.number(g, FREQUENCY_PENALTY, r.frequencyPenalty());
        Fields.extra(g, r.extra(), provider);
        g.writeEndObject();
    }

    static void streamOptions(StreamOptions o, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.bool(g, INCLUDE_USAGE, o.includeUsage());
        Fields.extra(g, o.extra(), provider);
        g.writeEndObject();
    }

    static void tool(Tool t, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, TYPE, t.type());
        Fields.object(g, FUNCTION, t.function(), RequestWriters::functionDefinition, provider);
        Fields.extra(g, t.extra(), provider);
        g.writeEndObject();
    }

    static void functionDefinition(Tool.FunctionDefinition f, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        namedSchema(g, f.name(), f.description(), PARAMETERS, f.parameters(), f.strict(), f.extra(), provider);
    }

    static void responseFormat(ResponseFormat f, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, TYPE, f.type());
        Fields.object(g, JSON_SCHEMA, f.jsonSchema(), RequestWriters::jsonSchema, provider);
        Fields.extra(g, f.extra(), provider);
        g.writeEndObject();
    }

    static void jsonSchema(ResponseFormat.JsonSchema s, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        namedSchema(g, s.name(), s.description(), SCHEMA, s.schema(), s.strict(), s.extra(), provider);
    }

    /** A function's definition and a response format's schema: the same components, the schema named apart. */
    private static void namedSchema(JsonGenerator g, @Nullable String name, @Nullable String description,
            SerializableString schemaName, @Nullable JsonNode schema, @Nullable Boolean strict,
            Map<String, JsonNode> extra, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, NAME, name);
        Fields.string(g, DESCRIPTION, description);
        Fields.node(g, schemaName, schema, provider);
        Fields.bool(g, STRICT, strict);
        Fields.extra(g, extra, provider);
        g.writeEndObject();
    }
}
