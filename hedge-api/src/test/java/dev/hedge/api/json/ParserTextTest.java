package dev.hedge.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ParserTextTest {

    private static final String[] ROLES = {"user", "assistant", "tool"};

    @Test
    void aStringEqualToOneOfTheValuesIsThatVeryInstance() throws IOException {
        assertThat(constantOf("\"assistant\"")).isSameAs(ROLES[1]);
        assertThat(constantOf("\"tool\"")).isSameAs(ROLES[2]);
    }

    @Test
    void anEscapedSpellingOfAValueIsThatValue() throws IOException {
        assertThat(constantOf("\"\\u0075ser\"")).isSameAs(ROLES[0]);
    }

    @Test
    void aStringEqualToNoneOfThemIsNull() throws IOException {
        assertThat(constantOf("\"users\"")).isNull();
        assertThat(constantOf("\"use\"")).isNull();
        assertThat(constantOf("\"User\"")).isNull();
        assertThat(constantOf("\"\"")).isNull();
    }

    /** The value of field {@code v}, read from inside an object so the parser's text has an offset. */
    private static String constantOf(String json) throws IOException {
        try (JsonParser p = Json.mapper().createParser("{\"padding\":\"xxxxxxxx\",\"v\":" + json + "}")) {
            while (p.nextToken() != JsonToken.FIELD_NAME || !"v".equals(p.currentName())) {
                // skip to the field
            }
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            return ParserText.constant(p, ROLES);
        }
    }
}
