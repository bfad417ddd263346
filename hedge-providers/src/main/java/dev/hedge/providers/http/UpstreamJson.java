package dev.hedge.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import java.io.IOException;

/** Reading a supplier's JSON: malformed JSON is a {@link ProviderException.Kind#PROTOCOL} failure. */
public final class UpstreamJson {

    private UpstreamJson() {}

    public static JsonNode tree(String provider, byte[] body) {
        try {
            JsonNode tree = Json.tree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ProviderException.protocol(provider, "empty answer where JSON was expected", null);
            }
            return tree;
        } catch (IOException e) {
            throw ProviderException.protocol(provider, "malformed JSON: " + e.getMessage(), e);
        }
    }
}
