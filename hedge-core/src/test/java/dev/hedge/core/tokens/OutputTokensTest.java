package dev.hedge.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A streamed answer counted as it arrives gives the count of the whole text, holding little of it. */
class OutputTokensTest {

    private static final BytePairCounter O200K = BytePairCounter.o200k();
    private static final BytePairCounter CL100K = BytePairCounter.cl100k();

    /** Feeds {@code text} in pieces of 1 to {@code longest} chars, cut anywhere (mid-word, mid-space, mid-pair). */
    private static OutputTokens streamed(BytePairCounter encoding, String text, SplittableRandom random, int longest) {
        OutputTokens output = new OutputTokens(() -> encoding);
        for (int at = 0; at < text.length(); ) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(longest));
            output.append(text.substring(at, end));
            assertThat(output.held()).isLessThanOrEqualTo(OutputTokens.SLICE + OutputTokens.LONGEST_PIECE + longest);
            at = end;
        }
        return output;
    }

    @Test
    void countsAsTheWholeTextHoweverItIsCut() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 40; round++) {
            String text = BytePairCounterTest.text(random, 2_000 + random.nextInt(30_000));
            int longest = round % 3 == 0 ? 3 : 200;
            assertThat(streamed(O200K, text, random, longest).count()).as("o200k_base, round %d", round)
                    .isEqualTo(O200K.count(text));
            assertThat(streamed(CL100K, text, random, longest).count()).as("cl100k_base, round %d", round)
                    .isEqualTo(CL100K.count(text));
        }
    }

    @Test
    void aLongAnswerIsCountedAsItArrivesNotHeld() {
        // 2 MB of prose with code and long spaces: the count is exact and at most a slice and a piece stay held
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder text = new StringBuilder();
        while (text.length() < 2_000_000) {
            text.append(BytePairCounterTest.text(random, 500)).append("\n\n    ");
        }
        OutputTokens output = streamed(O200K, text.toString(), random, 40);
        assertThat(output.held()).isLessThan(OutputTokens.SLICE + 1_000);
        assertThat(output.count()).isEqualTo(O200K.count(text));
    }

    @Test
    void aPieceLongerThanTheLongestIsCountedInParts() {
        // a run of letters with no break is one piece of the split; past the longest, it is counted in parts
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 5 * OutputTokens.LONGEST_PIECE; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        OutputTokens output = streamed(O200K, word.toString(), random, 100);
        assertThat(output.held()).isLessThanOrEqualTo(OutputTokens.SLICE + OutputTokens.LONGEST_PIECE + 100);
        int whole = O200K.count(word);
        // each cut between parts may split what tiktoken would merge: a token or two per cut, no more
        assertThat(output.count()).isBetween(whole - 10, whole + 10);
    }

    @Test
    void countingAgainGivesTheSameAndEmptyCountsNothing() {
        OutputTokens output = new OutputTokens(() -> O200K);
        assertThat(output.isEmpty()).isTrue();
        output.append("");
        assertThat(output.isEmpty()).isTrue();
        assertThat(output.count()).isZero();
        output.append("Hello, ");
        output.append("world!");
        assertThat(output.isEmpty()).isFalse();
        assertThat(output.count()).isEqualTo(O200K.count("Hello, world!")).isEqualTo(output.count());
    }
}
