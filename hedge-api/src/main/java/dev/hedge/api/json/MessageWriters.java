package dev.hedge.api.json;

import static dev.hedge.api.json.Fields.ARGUMENTS;
import static dev.hedge.api.json.Fields.CONTENT;
import static dev.hedge.api.json.Fields.FUNCTION;
import static dev.hedge.api.json.Fields.FUNCTION_CALL;
import static dev.hedge.api.json.Fields.ID;
import static dev.hedge.api.json.Fields.NAME;
import static dev.hedge.api.json.Fields.REFUSAL;
import static dev.hedge.api.json.Fields.ROLE;
import static dev.hedge.api.json.Fields.TOOL_CALLS;
import static dev.hedge.api.json.Fields.TYPE;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ToolCall;
import java.io.IOException;

/** Chat messages, in requests and in answers: their content, content parts and tool calls. */
final class MessageWriters {

    private static final SerializedString TOOL_CALL_ID = Fields.name("tool_call_id");
    private static final SerializedString TEXT = Fields.name("text");
    private static final SerializedString IMAGE_URL = Fields.name("image_url");
    private static final SerializedString INPUT_AUDIO = Fields.name("input_audio");
    private static final SerializedString FILE = Fields.name("file");
    private static final SerializedString URL = Fields.name("url");
    private static final SerializedString DETAIL = Fields.name("detail");

    private MessageWriters() {}

    static void message(ChatMessage m, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, ROLE, m.role());
        g.writeFieldName(CONTENT); // @JsonInclude(ALWAYS)
        MessageContent content = m.content();
        if (content == null) {
            g.writeNull();
        } else {
            content(content, g, provider);
        }
        Fields.string(g, NAME, m.name());
        Fields.list(g, TOOL_CALLS, m.toolCalls(), MessageWriters::toolCall, provider);
        Fields.string(g, TOOL_CALL_ID, m.toolCallId());
        Fields.string(g, REFUSAL, m.refusal());
        Fields.node(g, FUNCTION_CALL, m.functionCall(), provider);
        Fields.extra(g, m.extra(), provider);
        g.writeEndObject();
    }

    /** As {@link MessageContent.Writer} writes it: the string, or the array of parts. */
    static void content(MessageContent content, JsonGenerator g, SerializerProvider provider) throws IOException {
        switch (content) {
            case MessageContent.Text t -> g.writeString(t.text());
            case MessageContent.Parts p -> Fields.array(g, p.parts(), MessageWriters::part, provider);
        }
    }

    static void part(ContentPart p, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, TYPE, p.type());
        Fields.string(g, TEXT, p.text());
        Fields.object(g, IMAGE_URL, p.imageUrl(), MessageWriters::imageUrl, provider);
        Fields.node(g, INPUT_AUDIO, p.inputAudio(), provider);
        Fields.node(g, FILE, p.file(), provider);
        Fields.string(g, REFUSAL, p.refusal());
        Fields.extra(g, p.extra(), provider);
        g.writeEndObject();
    }

    static void imageUrl(ContentPart.ImageUrl i, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, URL, i.url());
        Fields.string(g, DETAIL, i.detail());
        g.writeEndObject();
    }

    static void toolCall(ToolCall t, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        Fields.string(g, ID, t.id());
        Fields.string(g, TYPE, t.type());
        Fields.object(g, FUNCTION, t.function(), MessageWriters::functionCall, provider);
        Fields.extra(g, t.extra(), provider);
        g.writeEndObject();
    }

    static void functionCall(ToolCall.FunctionCall f, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        g.writeStartObject();
        Fields.string(g, NAME, f.name());
        Fields.string(g, ARGUMENTS, f.arguments());
        g.writeEndObject();
    }
}
