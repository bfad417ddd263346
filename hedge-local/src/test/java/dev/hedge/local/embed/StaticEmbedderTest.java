package dev.hedge.local.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hedge.core.embed.PieceTable;
import dev.hedge.core.embed.TextEmbedder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StaticEmbedderTest {

    private static final BertTokenizer TOKENIZER = MiniLmEmbedder.tokenizer();
    private static final StaticEmbedder EMBEDDER = StaticEmbedder.miniLm(randomTable(16));

    /** A fixture table over the whole vocabulary: random rows, so texts with different pieces differ. */
    private static PieceTable randomTable(int dimensions) {
        Random random = new Random(17);
        float[] rows = new float[TOKENIZER.size() * dimensions];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        return PieceTable.quantise("fixture", dimensions, rows);
    }

    @Test
    void sameTextSameUnitVectorOfTheTablesDimensions() {
        StaticEmbedder embedder = EMBEDDER;
        TextEmbedder.EmbeddingBatch batch = embedder.embed(List.of("How many apples are left?", "How many apples are left?",
                "Write a poem about a river."));

        assertThat(embedder.name()).startsWith("fixture/");
        assertThat(embedder.dimensions()).isEqualTo(16);
        assertThat(batch.vectors()).hasSize(3).allSatisfy(v -> {
            assertThat(v).hasSize(16);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        });
        assertThat(batch.vectors().get(1)).containsExactly(batch.vectors().get(0));
        assertThat(batch.vectors().get(2)).isNotEqualTo(batch.vectors().get(0));
        assertThat(batch.promptTokens()).as("word pieces read, no frame").isEqualTo(6 + 6 + 7);
    }

    @Test
    void readsTheWholePromptUpToItsPieceLimitAndNoFurther() {
        StaticEmbedder embedder = EMBEDDER;
        String head = "solve this equation ".repeat(100);
        float[] short1 = embed(embedder, head);
        float[] longer = embed(embedder, head + "and then write an essay about kings and wars");
        assertThat(longer).as("word 301 onwards still counts (contextual MiniLM stops at 254)").isNotEqualTo(short1);

        String capped = "word ".repeat(StaticEmbedder.MAX_PIECES);
        assertThat(embedder.pieces(capped + "poem river mountain")).hasSize(StaticEmbedder.MAX_PIECES);
        assertThat(embed(embedder, capped + "poem river mountain")).containsExactly(embed(embedder, capped));
        assertThat(embedder.pieces("x".repeat(10) + " " + "y ".repeat(StaticEmbedder.MAX_CHARS))).hasSizeLessThanOrEqualTo(StaticEmbedder.MAX_PIECES);
    }

    @Test
    void aTextWithoutWordPiecesEmbedsAsUnknown() {
        StaticEmbedder embedder = EMBEDDER;
        assertThat(embedder.pieces("")).containsExactly(TOKENIZER.unknown());
        assertThat(embed(embedder, "   ")).containsExactly(embed(embedder, "😁"));
        assertThat(norm(embed(embedder, ""))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void rejectsATableLargerThanTheVocabulary() {
        PieceTable tooBig = PieceTable.quantise("big", 1, new float[TOKENIZER.size() + 1]);
        assertThatThrownBy(() -> StaticEmbedder.miniLm(tooBig)).hasMessageContaining("expected: at most the tokenizer's 30522");
    }

    @Test
    void distilledRowIsTheModelsSinglePieceVector() {
        try (MiniLmEmbedder model = MiniLmEmbedder.load(1)) {
            int apple = TOKENIZER.wordPieces("apple").getFirst();
            float[] piece = model.embedPiece(apple);
            assertThat(piece).containsExactly(model.embed(List.of("apple")).vectors().getFirst());
            assertThat(model.vocabularySize()).isEqualTo(30522);
            assertThatThrownBy(() -> model.embedPiece(30522)).hasMessageContaining("id: 30522 (expected: in [0, 30522))");
        }
    }

    private static float[] embed(StaticEmbedder embedder, String text) {
        return embedder.embed(List.of(text)).vectors().getFirst();
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
