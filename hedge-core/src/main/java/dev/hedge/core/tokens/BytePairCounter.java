package dev.hedge.core.tokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the tokens of a text the way a tiktoken byte-pair encoding does ({@code encode_ordinary}: special tokens are
 * text like any other), giving the same counts as jtokkit, whose encoding files it reads, in a fraction of jtokkit's
 * memory: an encoding's tokens are one byte array, their offsets and an open-addressing table of ints (4.3 MB for
 * {@code o200k_base}, where jtokkit holds hash maps of boxed and wrapped tokens in both directions, some 30 MB).
 * Only counting is offered: nothing in Hedge needs token ids.
 *
 * <p>Thread-safe and immutable once built; counting allocates a little per call, never per token.
 */
final class BytePairCounter {

    /** Pieces longer than this are merged with a heap instead of rescanning every pair after each merge. */
    private static final int LARGE_PIECE = 256;
    private static final int NONE = Integer.MAX_VALUE;

    private final Pattern pattern;
    /** The bytes of every token, the token of rank r at {@code offsets[r]} up to {@code offsets[r + 1]}. */
    private final byte[] bytes;
    private final int[] offsets;
    /** Rank + 1 of the token hashed to each slot (0: empty); linear probing. */
    private final int[] table;
    private final int mask;

    private BytePairCounter(Pattern pattern, byte[] bytes, int[] offsets) {
        this.pattern = pattern;
        this.bytes = bytes;
        this.offsets = offsets;
        int tokens = offsets.length - 1;
        this.table = new int[Integer.highestOneBit(Math.max(1, tokens)) << 2];
        this.mask = table.length - 1;
        for (int rank = 0; rank < tokens; rank++) {
            int slot = hash(bytes, offsets[rank], offsets[rank + 1]) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = rank + 1;
        }
    }

    /** OpenAI's {@code o200k_base} (GPT-4o and later), with jtokkit's pattern for it. */
    static BytePairCounter o200k() {
        String upper = "[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]";
        String lower = "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]";
        String contraction = "(?i:'s|'t|'re|'ve|'m|'ll|'d)?";
        String pattern = String.join("|",
                "[^\\r\\n\\p{L}\\p{N}]?" + upper + "*" + lower + "+" + contraction,
                "[^\\r\\n\\p{L}\\p{N}]?" + upper + "+" + lower + "*" + contraction,
                "\\p{N}{1,3}",
                " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
                "\\s*[\\r\\n]+",
                "\\s+(?!\\S)",
                "\\s+");
        return load("o200k_base", Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS));
    }

    /** OpenAI's {@code cl100k_base} (GPT-4, GPT-3.5), with tiktoken's pattern for it. */
    static BytePairCounter cl100k() {
        String pattern = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}{1,3}"
                + "| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";
        return load("cl100k_base", Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS));
    }

    /** Reads jtokkit's copy of an encoding: one token a line, its bytes in base 64 and its rank, ranks 0, 1, 2, ... */
    private static BytePairCounter load(String name, Pattern pattern) {
        String resource = "/com/knuddels/jtokkit/" + name + ".tiktoken";
        try (InputStream in = com.knuddels.jtokkit.Encodings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path (jtokkit's jar)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
            byte[] bytes = new byte[1 << 21];
            int[] offsets = new int[1 << 17];
            int size = 0;
            int tokens = 0;
            Base64.Decoder base64 = Base64.getDecoder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space < 0 || Integer.parseInt(line, space + 1, line.length(), 10) != tokens) {
                    throw new IllegalStateException(resource + ": expected rank " + tokens + " in line '" + line + "'");
                }
                byte[] token = base64.decode(line.substring(0, space));
                if (size + token.length > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + token.length));
                }
                if (tokens + 2 > offsets.length) {
                    offsets = Arrays.copyOf(offsets, offsets.length * 2);
                }
                System.arraycopy(token, 0, bytes, size, token.length);
                size += token.length;
                offsets[++tokens] = size;
            }
            return new BytePairCounter(pattern, Arrays.copyOf(bytes, size), Arrays.copyOf(offsets, tokens + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** The number of tokens {@code text} encodes to. */
    int count(CharSequence text) {
        Counting counting = new Counting();
        counting.count(text, false);
        return counting.tokens();
    }

    /**
     * A running count over texts given one after another, with buffers kept from one text to the next. Not
     * thread-safe.
     */
    final class Counting {
        private byte[] piece = new byte[64];
        private int[] scratch = new int[0];
        private long tokens;

        /** The tokens counted so far. */
        int tokens() {
            return (int) Math.min(Integer.MAX_VALUE, tokens);
        }

        /**
         * Adds the tokens of {@code text}'s pieces. When {@code more} (more text may follow), it stops before the
         * first piece whose split could change if text were appended (the regex looked at the end of the input to
         * find it), so counting the rest later, joined to what follows, gives the count of the whole.
         *
         * @return the length of the prefix counted: {@code text.length()} unless {@code more}
         */
        int count(CharSequence text, boolean more) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                if (more && matcher.hitEnd()) {
                    return matcher.start();
                }
                tokens += countPiece(text, matcher.start(), matcher.end());
            }
            return text.length();
        }

        private int countPiece(CharSequence text, int from, int to) {
            int length = utf8Length(text, from, to);
            if (length > piece.length) {
                piece = new byte[Math.max(length, piece.length * 2)];
            }
            encodeUtf8(text, from, to, piece);
            if (rank(piece, 0, length) != NONE) {
                return 1;
            }
            if (length > LARGE_PIECE) {
                return mergeLarge(piece, length);
            }
            if (scratch.length < 2 * (length + 1)) {
                scratch = new int[2 * Math.max(length + 1, 64)];
            }
            return merge(piece, length, scratch);
        }
    }

    /**
     * tiktoken's merge: parts start at {@code starts[i]} (ranks[i] is the rank of part i joined with part i + 1), and
     * the adjacent pair of least rank, leftmost among equals, joins until no pair is a token.
     */
    private int merge(byte[] piece, int length, int[] scratch) {
        int parts = length;
        int[] starts = scratch;
        int rankBase = length + 1;
        for (int i = 0; i < length; i++) {
            starts[i] = i;
        }
        starts[length] = length;
        for (int i = 0; i < length - 1; i++) {
            scratch[rankBase + i] = rank(piece, i, i + 2);
        }
        scratch[rankBase + length - 1] = NONE;
        while (parts > 1) {
            int least = NONE;
            int at = -1;
            for (int i = 0; i < parts - 1; i++) {
                int rank = scratch[rankBase + i];
                if (rank < least) {
                    least = rank;
                    at = i;
                }
            }
            if (at < 0) {
                break;
            }
            // part at + 1 joins part at; the pairs that change are (at - 1, at) and (at, at + 1)
            System.arraycopy(starts, at + 2, starts, at + 1, parts - at - 1);
            System.arraycopy(scratch, rankBase + at + 2, scratch, rankBase + at + 1, parts - at - 2);
            parts--;
            scratch[rankBase + at] = at + 1 < parts ? rank(piece, starts[at], starts[at + 2]) : NONE;
            if (at > 0) {
                scratch[rankBase + at - 1] = rank(piece, starts[at - 1], starts[at + 1]);
            }
        }
        return parts;
    }

    /** The same merge for a long piece: parts in a linked list, pairs in a heap ordered by rank, then position. */
    private int mergeLarge(byte[] piece, int length) {
        int[] next = new int[length + 1];
        int[] previous = new int[length + 1];
        int[] pairRank = new int[length];
        for (int i = 0; i <= length; i++) {
            next[i] = i + 1;
            previous[i] = i - 1;
        }
        // an entry is (rank << 32 | start); entries whose rank no longer matches pairRank[start] are stale
        PairHeap heap = new PairHeap(length);
        for (int i = 0; i < length - 1; i++) {
            pairRank[i] = rank(piece, i, i + 2);
            if (pairRank[i] != NONE) {
                heap.add(((long) pairRank[i] << 32) | i);
            }
        }
        pairRank[length - 1] = NONE;
        int parts = length;
        while (!heap.isEmpty()) {
            long entry = heap.poll();
            int start = (int) entry;
            int rank = (int) (entry >>> 32);
            if (next[start] < 0 || pairRank[start] != rank) {
                continue;
            }
            int joined = next[start];
            int after = next[joined];
            next[start] = after;
            if (after <= length) {
                previous[after] = start;
            }
            next[joined] = -1;
            parts--;
            pairRank[start] = after < length ? rank(piece, start, next[after]) : NONE;
            if (pairRank[start] != NONE) {
                heap.add(((long) pairRank[start] << 32) | start);
            }
            int before = previous[start];
            if (before >= 0) {
                pairRank[before] = rank(piece, before, after);
                if (pairRank[before] != NONE) {
                    heap.add(((long) pairRank[before] << 32) | before);
                }
            }
        }
        return parts;
    }

    /** A binary min-heap of longs, so the merge of a long piece boxes nothing. */
    private static final class PairHeap {
        private long[] entries;
        private int size;

        PairHeap(int capacity) {
            entries = new long[Math.max(capacity, 16)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(long entry) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            int at = size++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (entries[parent] <= entry) {
                    break;
                }
                entries[at] = entries[parent];
                at = parent;
            }
            entries[at] = entry;
        }

        long poll() {
            long least = entries[0];
            long last = entries[--size];
            int at = 0;
            int half = size >>> 1;
            while (at < half) {
                int child = 2 * at + 1;
                if (child + 1 < size && entries[child + 1] < entries[child]) {
                    child++;
                }
                if (last <= entries[child]) {
                    break;
                }
                entries[at] = entries[child];
                at = child;
            }
            entries[at] = last;
            return least;
        }
    }

    /** The rank of the token {@code piece[from, to)}, or {@link #NONE}. */
    private int rank(byte[] piece, int from, int to) {
        int slot = hash(piece, from, to) & mask;
        int length = to - from;
        for (int entry = table[slot]; entry != 0; entry = table[slot]) {
            int start = offsets[entry - 1];
            if (offsets[entry] - start == length
                    && Arrays.equals(bytes, start, start + length, piece, from, to)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        return NONE;
    }

    private static int hash(byte[] data, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = 31 * h + data[i];
        }
        // short tokens' sums are small numbers: the multiply spreads them over the whole table (without it, two-
        // and three-byte tokens crowded the low slots into probe chains thousands long)
        h *= 0x9e3779b9;
        return h ^ (h >>> 16);
    }

    private static int utf8Length(CharSequence text, int from, int to) {
        int length = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    length += 4;
                    i++;
                } else {
                    length++;
                }
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** UTF-8 as {@link String#getBytes} writes it (a lone surrogate becomes '?'), into {@code out}. */
    private static void encodeUtf8(CharSequence text, int from, int to, byte[] out) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xc0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    out[n++] = (byte) (0xf0 | (cp >> 18));
                    out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    out[n++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    out[n++] = '?';
                }
            } else {
                out[n++] = (byte) (0xe0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }
}
