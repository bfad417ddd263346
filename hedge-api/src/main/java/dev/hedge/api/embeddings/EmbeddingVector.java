package dev.hedge.api.embeddings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * An embedding as it travels: a JSON array of floats, or a base64 string of little-endian float32 values
 * (what {@code encoding_format: base64} asks for).
 */
@JsonSerialize(using = EmbeddingVector.Writer.class)
@JsonDeserialize(using = EmbeddingVector.Reader.class)
public sealed interface EmbeddingVector {

    /** The vector as floats. */
    float[] values();

    /** A vector written as a JSON array. */
    record Floats(float[] values) implements EmbeddingVector {}

    /** A vector written as base64 of little-endian float32. */
    record Base64Floats(String base64) implements EmbeddingVector {
        @Override
        public float[] values() {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(out);
            return out;
        }
    }

    static EmbeddingVector floats(float[] values) {
        return new Floats(values);
    }

    static EmbeddingVector base64(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new Base64Floats(Base64.getEncoder().encodeToString(bytes.array()));
    }

    /** Writes the array or the string. */
    final class Writer extends JsonSerializer<EmbeddingVector> {
        @Override
        public void serialize(EmbeddingVector value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            switch (value) {
                case Base64Floats b -> gen.writeString(b.base64());
                case Floats f -> gen.writeArray(toDoubles(f.values()), 0, f.values().length);
            }
        }

        private static double[] toDoubles(float[] values) {
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                // the float's shortest decimal, not the binary expansion of its double widening
                out[i] = Double.parseDouble(Float.toString(values[i]));
            }
            return out;
        }
    }

    /** Reads an array of numbers or a base64 string. */
    final class Reader extends JsonDeserializer<EmbeddingVector> {
        @Override
        public EmbeddingVector deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new Base64Floats(p.getText());
            }
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return new Floats(ctxt.readValue(p, float[].class));
            }
            return (EmbeddingVector) ctxt.handleUnexpectedToken(EmbeddingVector.class, p.currentToken(), p,
                    "expected an array of numbers or a base64 string");
        }
    }
}
