package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One part of a message's content: {@code text}, {@code image_url}, {@code input_audio}, {@code file} or
 * {@code refusal}. Only the field matching {@link #type()} is set.
 */
public record ContentPart(
        String type,
        @Nullable String text,
        @JsonProperty("image_url") @Nullable ImageUrl imageUrl,
        @JsonProperty("input_audio") @Nullable JsonNode inputAudio,
        @Nullable JsonNode file,
        @Nullable String refusal,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static final String TEXT = "text";
    public static final String IMAGE_URL = "image_url";

    public ContentPart {
        extra = extra == null ? Map.of() : extra;
    }

    public static ContentPart text(String text) {
        return new ContentPart(TEXT, text, null, null, null, null, Map.of());
    }

    public static ContentPart image(String url, @Nullable String detail) {
        return new ContentPart(IMAGE_URL, null, new ImageUrl(url, detail), null, null, null, Map.of());
    }

    /** An image reference: an https URL or a {@code data:} URL with base64 bytes. */
    public record ImageUrl(String url, @Nullable String detail) {}
}
