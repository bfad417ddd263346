package dev.hedge.local.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hedge.core.embed.TextEmbedder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = MiniLmEmbedder.load(1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void tokenizesAsBertUncasedDoes() {
        BertTokenizer tokenizer = BertTokenizer.fromTokenizerJson(
                MiniLmEmbedder.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json"));
        // the Hugging Face tokenizers quick tour's example for bert-base-uncased
        assertThat(tokenizer.tokens("Hello, y'all! How are you 😁 ?"))
                .containsExactly("hello", ",", "y", "'", "all", "!", "how", "are", "you", "[UNK]", "?");
        assertThat(tokenizer.tokens("Café  NAÏVE\tfaçade")).containsExactly("cafe", "naive", "facade");
        assertThat(tokenizer.tokens("東京")).containsExactly("東", "京");
        int[] framed = tokenizer.encode("hello world", 256);
        assertThat(framed[0]).isEqualTo(101);
        assertThat(framed[framed.length - 1]).isEqualTo(102);
        assertThat(tokenizer.encode("word ".repeat(1000), 256)).hasSize(256);
    }

    @Test
    void embedsToUnitVectorsWhereSimilarTextsAreCloser() {
        TextEmbedder.EmbeddingBatch batch = embedder.embed(List.of(
                "The cat sits on the mat.", "A kitten is sitting on a rug.", "Quarterly revenue grew by twelve percent."));

        assertThat(batch.vectors()).hasSize(3).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        });
        double catKitten = dot(batch.vectors().get(0), batch.vectors().get(1));
        double catRevenue = dot(batch.vectors().get(0), batch.vectors().get(2));
        assertThat(catKitten).isGreaterThan(catRevenue + 0.3);
        assertThat(batch.promptTokens()).isEqualTo(embedder.countTokens("The cat sits on the mat.")
                + embedder.countTokens("A kitten is sitting on a rug.")
                + embedder.countTokens("Quarterly revenue grew by twelve percent."));
    }

    @Test
    void aTextEmbedsTheSameAloneOrInABatch() {
        float[] alone = embedder.embed(List.of("short")).vectors().getFirst();
        float[] batched = embedder.embed(List.of("short", "a much longer sentence that forces padding of the first one"))
                .vectors().getFirst();
        assertThat(batched).containsExactly(alone);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }
}
