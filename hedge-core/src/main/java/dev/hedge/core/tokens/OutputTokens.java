package dev.hedge.core.tokens;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Counts a streamed answer's tokens as its text arrives, for a supplier that reports no usage. The text is counted in
 * slices of about {@value #SLICE} chars as they fill, each piece of the encoding's split once it is settled (more text
 * could not change it), so the count is the count of the whole text, while the text held is one slice and the piece
 * still open, and the counting is spread over the stream: no single call counts more than a slice or a piece
 * (the end of an answer of 70 MB once held an event loop 20 seconds, counting all of it at once).
 *
 * <p>A piece longer than {@value #LONGEST_PIECE} chars (a run of letters with no space, say) is counted in parts of
 * that length, which may differ from tiktoken's count of it by a token or so per part. Not thread-safe: one stream's
 * events come in order on one thread.
 */
public final class OutputTokens {

    static final int SLICE = 4096;
    static final int LONGEST_PIECE = 1 << 16;

    private final Supplier<BytePairCounter> encoding;
    private final StringBuilder pending = new StringBuilder();
    private BytePairCounter.@Nullable Counting counting;
    private int countAt = SLICE;
    private boolean empty = true;

    OutputTokens(Supplier<BytePairCounter> encoding) {
        this.encoding = encoding;
    }

    /** Adds text that follows what came before; counts the settled part when a slice has filled. */
    public void append(CharSequence text) {
        if (text.isEmpty()) {
            return;
        }
        empty = false;
        pending.append(text);
        if (pending.length() >= countAt) {
            BytePairCounter.Counting running = counting();
            int settled = running.count(pending, true);
            if (pending.length() - settled >= LONGEST_PIECE) {
                settled = running.count(pending.subSequence(settled, pending.length()), false) + settled;
            }
            pending.delete(0, settled);
            countAt = pending.length() + SLICE;
        }
    }

    /** Whether no text was appended. */
    public boolean isEmpty() {
        return empty;
    }

    /** The tokens of all the text appended; what follows it, if anything, is counted as a new text. */
    public int count() {
        if (empty) {
            return 0;
        }
        BytePairCounter.Counting running = counting();
        running.count(pending, false);
        pending.setLength(0);
        countAt = SLICE;
        return running.tokens();
    }

    /** The chars appended and not counted yet. */
    int held() {
        return pending.length();
    }

    private BytePairCounter.Counting counting() {
        if (counting == null) {
            counting = encoding.get().new Counting();
        }
        return counting;
    }
}
