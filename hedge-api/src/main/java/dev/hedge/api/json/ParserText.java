package dev.hedge.api.json;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** What the typed readers ask of a parser's current string token without making a {@link String} of it. */
public final class ParserText {

    private ParserText() {}

    /**
     * The one of {@code values} that the parser's current string token equals, compared on the parser's own
     * characters: that constant instance, or null when the token is none of them.
     *
     * @param p a parser positioned on a {@code VALUE_STRING} token
     */
    public static @Nullable String constant(JsonParser p, String[] values) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String value : values) {
            if (value.length() == length && sameChars(value, chars, offset)) {
                return value;
            }
        }
        return null;
    }

    private static boolean sameChars(String value, char[] chars, int offset) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
