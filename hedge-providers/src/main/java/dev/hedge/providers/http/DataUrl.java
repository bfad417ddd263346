package dev.hedge.providers.http;

import java.util.Optional;

/**
 * A {@code data:} URL with base64 content, as OpenAI clients send inline images.
 *
 * @param mediaType e.g. {@code image/png}
 * @param base64 the content, still base64-encoded
 */
public record DataUrl(String mediaType, String base64) {

    /** Reads {@code data:<media type>;base64,<data>}; empty for anything else. */
    public static Optional<DataUrl> parse(String url) {
        if (!url.startsWith("data:")) {
            return Optional.empty();
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String head = url.substring("data:".length(), comma);
        if (!head.endsWith(";base64")) {
            return Optional.empty();
        }
        String mediaType = head.substring(0, head.length() - ";base64".length());
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        return mediaType.isEmpty() ? Optional.empty() : Optional.of(new DataUrl(mediaType, url.substring(comma + 1)));
    }
}
