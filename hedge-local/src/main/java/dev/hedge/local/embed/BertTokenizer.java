package dev.hedge.local.embed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased tokenizer, as Hugging Face's {@code BertNormalizer} + {@code BertPreTokenizer} + WordPiece
 * do it: clean control characters, space out CJK ideographs, lowercase and strip accents, split on
 * whitespace and punctuation, then greedy longest-match word pieces ({@code ##} continues a word; a word
 * with no match, or longer than 100 characters, is {@code [UNK]}). Immutable and thread-safe.
 */
public final class BertTokenizer {

    private static final int MAX_CHARS_PER_WORD = 100;

    private final Map<String, Integer> vocab;
    private final int unknown;
    private final int classify;
    private final int separator;
    private final int size;

    private BertTokenizer(Map<String, Integer> vocab) {
        this.vocab = vocab;
        this.unknown = require(vocab, "[UNK]");
        this.classify = require(vocab, "[CLS]");
        this.separator = require(vocab, "[SEP]");
        this.size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    /** Reads the vocabulary of a Hugging Face {@code tokenizer.json} with a WordPiece model. */
    public static BertTokenizer fromTokenizerJson(InputStream json) {
        try {
            JsonNode vocabNode = Json.mapper().readTree(json).path("model").path("vocab");
            if (!vocabNode.isObject() || vocabNode.isEmpty()) {
                throw new IllegalArgumentException("tokenizer.json has no model.vocab");
            }
            Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
            vocabNode.fields().forEachRemaining(entry -> vocab.put(entry.getKey(), entry.getValue().asInt()));
            return new BertTokenizer(Map.copyOf(vocab));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    /**
     * Token ids of {@code text} framed as {@code [CLS] … [SEP]}, at most {@code maxTokens} long (the text is
     * cut, the frame kept).
     */
    public int[] encode(String text, int maxTokens) {
        List<Integer> pieces = wordPieces(text);
        int kept = Math.min(pieces.size(), Math.max(0, maxTokens - 2));
        int[] ids = new int[kept + 2];
        ids[0] = classify;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = pieces.get(i);
        }
        ids[kept + 1] = separator;
        return ids;
    }

    /** The word-piece ids of {@code text}, without the frame and without truncation. */
    public List<Integer> wordPieces(String text) {
        return wordPieces(text, Integer.MAX_VALUE);
    }

    /** The first {@code limit} word-piece ids of {@code text} (words past the limit are not looked up). */
    public List<Integer> wordPieces(String text, int limit) {
        List<Integer> ids = new ArrayList<>();
        for (String word : preTokenize(normalize(text))) {
            if (ids.size() >= limit) {
                break;
            }
            wordPiece(word, ids);
        }
        return ids.size() > limit ? ids.subList(0, limit) : ids;
    }

    /** Ids of the frame a single piece is run in: {@code [CLS] id [SEP]}. */
    public int[] framed(int id) {
        return new int[] {classify, id, separator};
    }

    /** The vocabulary size (ids are {@code 0 … size − 1}). */
    public int size() {
        return size;
    }

    /** The id of {@code [UNK]}. */
    public int unknown() {
        return unknown;
    }

    /** The token strings, for tests and debugging. */
    public List<String> tokens(String text) {
        Map<Integer, String> byId = new HashMap<>();
        vocab.forEach((token, id) -> byId.put(id, token));
        return wordPieces(text).stream().map(byId::get).toList();
    }

    static String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || (isControl(cp) && !Character.isWhitespace(cp))) {
                continue;
            }
            if (isWhitespace(cp)) {
                cleaned.append(' ');
            } else if (isChinese(cp)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
            } else {
                cleaned.appendCodePoint(cp);
            }
        }
        String lower = cleaned.toString().toLowerCase(java.util.Locale.ROOT);
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder stripped = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                stripped.appendCodePoint(cp);
            }
        }
        return stripped.toString();
    }

    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                flush(word, words);
            } else if (isPunctuation(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        }
        flush(word, words);
        return words;
    }

    private void wordPiece(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
            out.add(unknown);
            return;
        }
        int start = 0;
        int mark = out.size();
        while (start < word.length()) {
            int end = word.length();
            Integer match = null;
            while (start < end) {
                String candidate = start == 0 ? word.substring(start, end) : "##" + word.substring(start, end);
                match = vocab.get(candidate);
                if (match != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (match == null) {
                out.subList(mark, out.size()).clear();
                out.add(unknown);
                return;
            }
            out.add(match);
            start = end;
        }
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static int require(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("vocabulary has no " + token);
        }
        return id;
    }
}
