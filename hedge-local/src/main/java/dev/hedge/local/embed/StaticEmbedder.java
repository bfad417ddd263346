package dev.hedge.local.embed;

import dev.hedge.core.embed.PieceTable;
import dev.hedge.core.embed.TextEmbedder;
import java.util.ArrayList;
import java.util.List;

/**
 * A static embedder: a text's vector is the L2-normalised sum of its word pieces' rows in a {@link PieceTable}
 * (a table distilled from MiniLM, whose tokenizer it uses). Pure Java, no model session: microseconds per
 * text, linear in its length. Reads the first {@value #MAX_PIECES} word pieces of the first
 * {@value #MAX_CHARS} characters; a text with no word pieces embeds as {@code [UNK]}. Thread-safe.
 */
public final class StaticEmbedder implements TextEmbedder {

    /** Word pieces read per text. */
    public static final int MAX_PIECES = 1024;

    /** Characters read per text (bounds the tokenizer's work on huge prompts). */
    public static final int MAX_CHARS = 16 * MAX_PIECES;

    private final BertTokenizer tokenizer;
    private final PieceTable table;

    public StaticEmbedder(BertTokenizer tokenizer, PieceTable table) {
        if (table.pieces() > tokenizer.size()) {
            throw new IllegalArgumentException("table: %s has %d pieces (expected: at most the tokenizer's %d)"
                    .formatted(table.name(), table.pieces(), tokenizer.size()));
        }
        this.tokenizer = tokenizer;
        this.table = table;
    }

    /** A static embedder over {@code table} with MiniLM's tokenizer. */
    public static StaticEmbedder miniLm(PieceTable table) {
        return new StaticEmbedder(MiniLmEmbedder.tokenizer(), table);
    }

    @Override
    public String name() {
        return table.name();
    }

    @Override
    public int dimensions() {
        return table.dimensions();
    }

    @Override
    public int maxTokens() {
        return MAX_PIECES;
    }

    /** The word-piece ids the embedder reads of {@code text}. */
    public int[] pieces(String text) {
        String read = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        List<Integer> pieces = tokenizer.wordPieces(read, MAX_PIECES);
        if (pieces.isEmpty()) {
            return new int[] {tokenizer.unknown()};
        }
        int[] ids = new int[pieces.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pieces.get(i);
        }
        return ids;
    }

    @Override
    public EmbeddingBatch embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        for (String text : texts) {
            int[] ids = pieces(text);
            tokens += ids.length;
            vectors.add(table.embed(ids, 0, ids.length));
        }
        return new EmbeddingBatch(vectors, tokens);
    }
}
