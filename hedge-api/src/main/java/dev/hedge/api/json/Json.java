package dev.hedge.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.ResponseFormat;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.usage.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one Jackson configuration every wire type is read and written with: nulls are left out, unknown
 * fields land in each type's {@code extra} map (never an error), and numbers keep their precision.
 *
 * <p>The types every chat request writes (the request sent upstream, the answer or each streamed chunk, and
 * what they contain) are written by hand-made serializers on Jackson's streaming generator rather than by
 * databind's reflective bean serializer: they write the same bytes (a differential test holds them to it)
 * for about half the CPU. Every other type is written by databind. A component added to one of those records
 * must be added to its writer too: the test's generator calls each canonical constructor, so it stops
 * compiling, and once it generates the new component the differential test fails until the writer writes it.
 *
 * <p>Chat request bodies are read the other way round: {@link #readChatRequest} reads the shapes clients send
 * in one pass of the streaming parser into the records, and leaves every other body (and every error) to
 * databind; it makes the records databind makes, for about half the CPU (see {@link ChatRequestReader}).
 *
 * <p>The mapper is thread-safe and shared; reuse it rather than building another.
 */
public final class Json {

    private static final JsonMapper MAPPER = databind().addModule(hotTypes()).build();
    private static final ObjectWriter INTO_STREAM = MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    static {
        // request bodies are bounded by the server before parsing; this only guards pathological nesting
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private Json() {}

    /** The configuration without the hand-made serializers: what they must write byte for byte. */
    static JsonMapper.Builder databind() {
        return JsonMapper.builder()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** The serializers of the types on every chat request's path, nested types included. */
    private static SimpleModule hotTypes() {
        return new SimpleModule("hedge-hot-types")
                .addSerializer(Fields.serializer(ChatCompletion.class, ResponseWriters::completion))
                .addSerializer(Fields.serializer(ChatCompletion.Choice.class, ResponseWriters::choice))
                .addSerializer(Fields.serializer(ChatCompletionChunk.class, ResponseWriters::chunk))
                .addSerializer(Fields.serializer(ChatCompletionChunk.Choice.class, ResponseWriters::chunkChoice))
                .addSerializer(Fields.serializer(ChatCompletionChunk.Delta.class, ResponseWriters::delta))
                .addSerializer(Fields.serializer(ChatCompletionChunk.ToolCallDelta.class, ResponseWriters::toolCallDelta))
                .addSerializer(Fields.serializer(ChatCompletionChunk.ToolCallDelta.FunctionDelta.class,
                        ResponseWriters::functionDelta))
                .addSerializer(Fields.serializer(Usage.class, ResponseWriters::usage))
                .addSerializer(Fields.serializer(Usage.PromptTokensDetails.class, ResponseWriters::promptDetails))
                .addSerializer(Fields.serializer(Usage.CompletionTokensDetails.class, ResponseWriters::completionDetails))
                .addSerializer(Fields.serializer(ChatMessage.class, MessageWriters::message))
                .addSerializer(Fields.serializer(ContentPart.class, MessageWriters::part))
                .addSerializer(Fields.serializer(ContentPart.ImageUrl.class, MessageWriters::imageUrl))
                .addSerializer(Fields.serializer(ToolCall.class, MessageWriters::toolCall))
                .addSerializer(Fields.serializer(ToolCall.FunctionCall.class, MessageWriters::functionCall))
                .addSerializer(Fields.serializer(ChatCompletionRequest.class, RequestWriters::request))
                .addSerializer(Fields.serializer(StreamOptions.class, RequestWriters::streamOptions))
                .addSerializer(Fields.serializer(Tool.class, RequestWriters::tool))
                .addSerializer(Fields.serializer(Tool.FunctionDefinition.class, RequestWriters::functionDefinition))
                .addSerializer(Fields.serializer(ResponseFormat.class, RequestWriters::responseFormat))
                .addSerializer(Fields.serializer(ResponseFormat.JsonSchema.class, RequestWriters::jsonSchema));
    }

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises {@code value} to UTF-8 JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serialises {@code value} as UTF-8 JSON into {@code out}, in one write for a value of up to 8,000 bytes
     * (Jackson's own buffer). {@code out} is flushed, not closed.
     */
    public static void write(Object value, OutputStream out) {
        try {
            INTO_STREAM.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialises {@code value} to a JSON string. */
    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @throws JsonProcessingException when the bytes are not JSON or do not fit the type
     */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /**
     * Reads a chat request body: in one pass straight into the records when it has the shapes clients send
     * ({@link ChatRequestReader}), else with databind. Either way the record {@link #read read(json,
     * ChatCompletionRequest.class)} makes, or the exception it throws.
     *
     * @throws JsonProcessingException when the bytes are not JSON or do not fit the type
     */
    public static ChatCompletionRequest readChatRequest(byte[] json) throws IOException {
        Optional<ChatCompletionRequest> typed = ChatRequestReader.read(json);
        return typed.isPresent() ? typed.get() : read(json, ChatCompletionRequest.class);
    }

    /** Reads {@code json} as a tree. */
    public static JsonNode tree(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** Converts a tree to {@code type}. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        return MAPPER.convertValue(node, type);
    }
}
