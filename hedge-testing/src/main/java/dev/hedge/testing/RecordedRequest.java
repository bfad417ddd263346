package dev.hedge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A request the fake upstream received.
 *
 * @param headers lower-case names
 * @param connectionClosed completes when the client closed the connection this request came on
 */
public record RecordedRequest(
        String method, String uri, Map<String, String> headers, byte[] body, CompletableFuture<Void> connectionClosed) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        try {
            return Json.tree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
