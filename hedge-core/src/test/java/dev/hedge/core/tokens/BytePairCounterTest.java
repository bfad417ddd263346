package dev.hedge.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact counter gives jtokkit's counts, text for text, for both encodings. */
class BytePairCounterTest {

    private static final EncodingRegistry JTOKKIT = Encodings.newLazyEncodingRegistry();
    private static final BytePairCounter O200K = BytePairCounter.o200k();
    private static final BytePairCounter CL100K = BytePairCounter.cl100k();

    /** Code points from ASCII, accented Latin, Greek, Cyrillic, Arabic, Devanagari, CJK, Hangul, emoji, marks. */
    private static final int[][] RANGES = {{0x20, 0x7e}, {0x20, 0x7e}, {0x61, 0x7a}, {0xc0, 0x17f}, {0x391, 0x3c9},
        {0x410, 0x44f}, {0x627, 0x64a}, {0x905, 0x939}, {0x4e00, 0x4fff}, {0xac00, 0xac7f}, {0x1f600, 0x1f64f},
        {0x300, 0x36f}, {0x30, 0x39}, {0x09, 0x0d}, {0x20, 0x20}, {0xa0, 0xa0}, {0x2000, 0x200b}};
    private static final String[] WORDS = {"'s", "'T", "'re", "'VE", "'ll", "'d", "'m", "don't", "I'M", "\r\n",
        "\n\n\n", "    ", "\t", "<|endoftext|>", "```java\n", "});\n", "https://example.com/a/b?c=d", "1234567",
        "Hello", "HELLO", "hElLo", "naïve", "Ünïcödé", "日本語のテキスト", "👩‍👩‍👧", "\ud83d", "\udc00x", "—",
        "{\"role\":\"user\",\"content\":\"hi\"}", "  \n  ", "...", "!!!???", "/path/to/file.txt"};

    static String text(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            if (random.nextInt(4) == 0) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
                continue;
            }
            int[] range = RANGES[random.nextInt(RANGES.length)];
            int runs = 1 + random.nextInt(12);
            for (int i = 0; i < runs; i++) {
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
        }
        return text.toString();
    }

    /** jtokkit refuses a lone surrogate; the counter counts it as UTF-8 encoding writes it, a '?'. */
    private static void assertSameCounts(String text) {
        String valid = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(O200K.count(text)).as("o200k_base of %s", text)
                .isEqualTo(jtokkit(EncodingType.O200K_BASE).countTokensOrdinary(valid));
        assertThat(CL100K.count(text)).as("cl100k_base of %s", text)
                .isEqualTo(jtokkit(EncodingType.CL100K_BASE).countTokensOrdinary(valid));
    }

    private static Encoding jtokkit(EncodingType type) {
        return JTOKKIT.getEncoding(type);
    }

    @Test
    void countsAsJtokkitOnMixedText() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 3000; round++) {
            assertSameCounts(text(random, random.nextInt(300)));
        }
    }

    @Test
    void countsAsJtokkitOnWordsAndEdgeCases() {
        List<String> texts = new ArrayList<>(List.of(WORDS));
        texts.addAll(List.of("", " ", "a", "hello world", "The quick brown fox jumps over the lazy dog.",
                "def count(text):\n    return len(text.split())  # naive\n",
                "Ich möchte eine Straße überqueren, aber sie ist zu breit.", "Привет, мир!", "مرحبا بالعالم",
                "这是一个测试。", "1,234,567.89 and 0x1F600", "\u00a0\u2003\u200b", "a\u0301e\u0301"));
        for (String text : texts) {
            assertSameCounts(text);
        }
    }

    @Test
    void countsAsJtokkitOnLongPiecesMergedWithTheHeap() {
        SplittableRandom random = new SplittableRandom(5);
        List<String> texts = new ArrayList<>(List.of("a".repeat(1000), "ab".repeat(700), " ".repeat(2000),
                "\n".repeat(600), "!?".repeat(400), "日本".repeat(300), "😀".repeat(200)));
        for (int round = 0; round < 200; round++) {
            // one long run of letters (a single piece of the split), from a small or a larger alphabet
            int alphabet = round % 2 == 0 ? 3 : 26;
            StringBuilder word = new StringBuilder();
            int length = 257 + random.nextInt(1500);
            for (int i = 0; i < length; i++) {
                word.append((char) ('a' + random.nextInt(alphabet)));
            }
            texts.add(word.toString());
            texts.add(" " + word.toString().toUpperCase(java.util.Locale.ROOT) + "'s");
        }
        for (String text : texts) {
            assertSameCounts(text);
        }
    }

    @Test
    void countsAsJtokkitOnLongMixedDocuments() {
        SplittableRandom random = new SplittableRandom(99);
        for (int round = 0; round < 20; round++) {
            assertSameCounts(text(random, 20_000));
        }
    }
}
