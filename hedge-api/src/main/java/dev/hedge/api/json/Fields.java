package dev.hedge.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the hand-written writers share: one field each, written exactly as databind writes a record component
 * under {@link Json}'s configuration. A {@code null} value leaves the field out ({@code NON_NULL}) unless the
 * method says {@code OrNull} ({@code @JsonInclude(ALWAYS)}); a pass-through {@link JsonNode} writes itself with
 * the call's {@link SerializerProvider}, as databind's serializer for it does.
 */
final class Fields {

    static final SerializedString ID = name("id");
    static final SerializedString TYPE = name("type");
    static final SerializedString INDEX = name("index");
    static final SerializedString NAME = name("name");
    static final SerializedString ROLE = name("role");
    static final SerializedString CONTENT = name("content");
    static final SerializedString REFUSAL = name("refusal");
    static final SerializedString FUNCTION = name("function");
    static final SerializedString ARGUMENTS = name("arguments");
    static final SerializedString TOOL_CALLS = name("tool_calls");
    static final SerializedString FUNCTION_CALL = name("function_call");
    static final SerializedString DESCRIPTION = name("description");
    static final SerializedString STRICT = name("strict");
    static final SerializedString LOGPROBS = name("logprobs");

    private Fields() {}

    static SerializedString name(String name) {
        return new SerializedString(name);
    }

    /** Writes one value of type {@code T}, object braces included. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, JsonGenerator g, SerializerProvider provider) throws IOException;
    }

    /** A databind serializer for {@code type} that hands the value to {@code writer}. */
    static <T> JsonSerializer<T> serializer(Class<T> type, Writer<T> writer) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
                writer.write(value, g, provider);
            }
        };
    }

    static void string(JsonGenerator g, SerializableString name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    static void stringOrNull(JsonGenerator g, SerializableString name, @Nullable String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    static void number(JsonGenerator g, SerializableString name, int value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    static void number(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    static void number(JsonGenerator g, SerializableString name, @Nullable Integer value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.intValue());
        }
    }

    static void number(JsonGenerator g, SerializableString name, @Nullable Long value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.longValue());
        }
    }

    static void number(JsonGenerator g, SerializableString name, @Nullable Double value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.doubleValue());
        }
    }

    static void bool(JsonGenerator g, SerializableString name, @Nullable Boolean value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeBoolean(value);
        }
    }

    static void node(JsonGenerator g, SerializableString name, @Nullable JsonNode value, SerializerProvider provider)
            throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            value.serialize(g, provider);
        }
    }

    static void nodeOrNull(JsonGenerator g, SerializableString name, @Nullable JsonNode value,
            SerializerProvider provider) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            value.serialize(g, provider);
        }
    }

    static <T> void object(JsonGenerator g, SerializableString name, @Nullable T value, Writer<T> writer,
            SerializerProvider provider) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            writer.write(value, g, provider);
        }
    }

    /** A list field; a {@code null} element is written as {@code null}, as databind's list serializer does. */
    static <T> void list(JsonGenerator g, SerializableString name, @Nullable List<T> values, Writer<T> writer,
            SerializerProvider provider) throws IOException {
        if (values != null) {
            g.writeFieldName(name);
            array(g, values, writer, provider);
        }
    }

    static <T> void array(JsonGenerator g, List<T> values, Writer<T> writer, SerializerProvider provider)
            throws IOException {
        g.writeStartArray(values, values.size());
        for (int i = 0, n = values.size(); i < n; i++) {
            T value = values.get(i);
            if (value == null) {
                g.writeNull();
            } else {
                writer.write(value, g, provider);
            }
        }
        g.writeEndArray();
    }

    /**
     * A record's {@code @JsonAnyGetter} map, after its components: entries in the map's order, a {@code null}
     * value left out (the mapper's {@code NON_NULL} applies to map content), a {@code NullNode} written.
     */
    static void extra(JsonGenerator g, @Nullable Map<String, JsonNode> extra, SerializerProvider provider)
            throws IOException {
        if (extra == null || extra.isEmpty()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : extra.entrySet()) {
            JsonNode value = entry.getValue();
            if (value != null) {
                g.writeFieldName(entry.getKey());
                value.serialize(g, provider);
            }
        }
    }
}
