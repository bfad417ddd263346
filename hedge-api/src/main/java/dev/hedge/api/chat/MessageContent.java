package dev.hedge.api.chat;

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
import java.util.Arrays;
import java.util.List;

/**
 * A message's {@code content}: either a plain string or an array of content parts (text, image, audio,
 * file). The wire shape is kept as it came, so a round trip is lossless.
 */
@JsonSerialize(using = MessageContent.Writer.class)
@JsonDeserialize(using = MessageContent.Reader.class)
public sealed interface MessageContent {

    /** Content given as a plain string. */
    record Text(String text) implements MessageContent {
        @Override
        public String joinedText() {
            return text;
        }
    }

    /** Content given as an array of parts. */
    record Parts(List<ContentPart> parts) implements MessageContent {
        public Parts {
            parts = List.copyOf(parts);
        }

        @Override
        public String joinedText() {
            StringBuilder sb = new StringBuilder();
            for (ContentPart part : parts) {
                if (part.text() != null) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(part.text());
                }
            }
            return sb.toString();
        }
    }

    static MessageContent of(String text) {
        return new Text(text);
    }

    static MessageContent of(ContentPart... parts) {
        return new Parts(Arrays.asList(parts));
    }

    /** The text of this content (text parts joined by newlines); images and audio contribute nothing. */
    String joinedText();

    /** Writes the string or the array, as it was given. */
    final class Writer extends JsonSerializer<MessageContent> {
        @Override
        public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            switch (value) {
                case Text t -> gen.writeString(t.text());
                case Parts p -> {
                    gen.writeStartArray();
                    for (ContentPart part : p.parts()) {
                        provider.defaultSerializeValue(part, gen);
                    }
                    gen.writeEndArray();
                }
            }
        }
    }

    /** Reads a string or an array of parts; anything else is a type error naming the field. */
    final class Reader extends JsonDeserializer<MessageContent> {
        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return new Text(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                ContentPart[] parts = ctxt.readValue(p, ContentPart[].class);
                for (ContentPart part : parts) {
                    if (part == null) {
                        return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, p);
                    }
                }
                return new Parts(Arrays.asList(parts));
            }
            return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, token, p,
                    "expected a string or an array of content parts");
        }
    }
}
