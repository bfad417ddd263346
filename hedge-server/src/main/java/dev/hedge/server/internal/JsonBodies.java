package dev.hedge.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.json.Json;
import dev.hedge.core.gateway.GatewayException;
import java.io.IOException;
import java.util.List;

/** Reads request bodies into wire types; what fails becomes a 400 naming the field and the problem. */
final class JsonBodies {

    private JsonBodies() {}

    static <T> T parse(byte[] body, Class<T> type) {
        return parse(body, json -> Json.read(json, type));
    }

    /**
     * A chat request: the shapes clients send are read in one pass, any other body by databind as {@link #parse}
     * reads it, so a bad body gets the same 400 (see {@link Json#readChatRequest}).
     */
    static ChatCompletionRequest chatRequest(byte[] body) {
        return parse(body, Json::readChatRequest);
    }

    /** Reads a body into one wire type; throws what databind throws for a body that does not fit. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(byte[] json) throws IOException;
    }

    private static <T> T parse(byte[] body, Reader<T> reader) {
        if (body.length == 0 || isBlank(body)) {
            throw notJson("the body is empty");
        }
        int first = firstNonSpace(body);
        if (body[first] != '{') {
            throw notJson("expected a JSON object");
        }
        try {
            return reader.read(body);
        } catch (MismatchedInputException e) {
            String param = path(e.getPath());
            throw GatewayException.invalidRequest(
                    "Invalid type for '%s': expected %s.".formatted(param, expected(e.getTargetType())), param,
                    "invalid_type");
        } catch (JsonMappingException e) {
            String param = path(e.getPath());
            throw GatewayException.invalidRequest(
                    "Invalid value for '%s': %s".formatted(param, e.getOriginalMessage()), param, "invalid_value");
        } catch (JsonProcessingException e) {
            throw notJson(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw notJson(e.getMessage());
        }
    }

    private static GatewayException notJson(String why) {
        return GatewayException.invalidRequest(
                "We could not parse the JSON body of your request (%s). The API expects a JSON object.".formatted(why),
                null, "invalid_json");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == dev.hedge.api.chat.MessageContent.class) {
            return "a string or an array of content parts";
        }
        return "an object";
    }

    /** {@code messages[0].content}, as OpenAI names parameters. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static boolean isBlank(byte[] body) {
        return firstNonSpace(body) == body.length;
    }

    private static int firstNonSpace(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i;
    }
}
