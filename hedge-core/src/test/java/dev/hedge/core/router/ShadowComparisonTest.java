package dev.hedge.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The judge's prompt, the reading of its verdict, and the sampling of shadow comparisons. */
class ShadowComparisonTest {

    @Test
    void verdictTokenIsReadFromTheStrongTiersPointOfView() {
        assertThat(ShadowVerdict.parse("A is more precise.\n[[A]]", true)).hasValue(ShadowVerdict.STRONG);
        assertThat(ShadowVerdict.parse("A is more precise.\n[[A]]", false)).hasValue(ShadowVerdict.WEAK);
        assertThat(ShadowVerdict.parse("[[B]]", true)).hasValue(ShadowVerdict.WEAK);
        assertThat(ShadowVerdict.parse("[[B]]", false)).hasValue(ShadowVerdict.STRONG);
        assertThat(ShadowVerdict.parse("Both are fine. [[C]]", true)).hasValue(ShadowVerdict.TIE);
        assertThat(ShadowVerdict.parse("Both are fine. [[C]]", false)).hasValue(ShadowVerdict.TIE);
    }

    @Test
    void verdictToleratesCaseSpacesRepetitionAndTieSpelledOut() {
        assertThat(ShadowVerdict.parse("Verdict: [[ b ]]", true)).hasValue(ShadowVerdict.WEAK);
        assertThat(ShadowVerdict.parse("[[A]] ... so once more: [[A]]", true)).hasValue(ShadowVerdict.STRONG);
        assertThat(ShadowVerdict.parse("[[tie]]", true)).hasValue(ShadowVerdict.TIE);
        assertThat(ShadowVerdict.parse("[[TIE]] and [[C]]", true)).hasValue(ShadowVerdict.TIE);
    }

    @Test
    void bareLetterIsAcceptedOnlyWhenItIsTheWholeAnswer() {
        assertThat(ShadowVerdict.parse("B", true)).hasValue(ShadowVerdict.WEAK);
        assertThat(ShadowVerdict.parse("  **A**.\n", true)).hasValue(ShadowVerdict.STRONG);
        assertThat(ShadowVerdict.parse("Tie", false)).hasValue(ShadowVerdict.TIE);
        assertThat(ShadowVerdict.parse("[A]", true)).hasValue(ShadowVerdict.STRONG);
        assertThat(ShadowVerdict.parse("A is better", true)).isEmpty();
        assertThat(ShadowVerdict.parse("AB", true)).isEmpty();
    }

    @Test
    void garbageOrConflictingVerdictsAreUnparseable() {
        assertThat(ShadowVerdict.parse("", true)).isEmpty();
        assertThat(ShadowVerdict.parse("I cannot decide between them.", true)).isEmpty();
        assertThat(ShadowVerdict.parse("Use [[A]], [[B]] or [[C]] ... my verdict: [[B]]", true)).isEmpty();
        assertThat(ShadowVerdict.parse("[[D]]", true)).isEmpty();
        assertThat(ShadowVerdict.parse("{\"winner\": \"A\"}", true)).isEmpty();
    }

    @Test
    void verdictsBecomeTheLabelsOfFeedback() {
        assertThat(ShadowVerdict.STRONG.preferred()).isEqualTo("strong");
        assertThat(ShadowVerdict.WEAK.preferred()).isEqualTo("weak");
        assertThat(ShadowVerdict.TIE.preferred()).isEqualTo("tie");
    }

    @Test
    void judgePromptShowsBothAnswersInTheOrderAsked() {
        String strongFirst = ShadowJudgePrompt.user("What is 2+2?", "It is 4.", "Five.", true);
        assertThat(strongFirst).contains("What is 2+2?");
        assertThat(strongFirst.indexOf("It is 4.")).isLessThan(strongFirst.indexOf("Five."));
        assertThat(strongFirst).doesNotContain("strong").doesNotContain("weak");
        String weakFirst = ShadowJudgePrompt.user("What is 2+2?", "It is 4.", "Five.", false);
        assertThat(weakFirst.indexOf("Five.")).isLessThan(weakFirst.indexOf("It is 4."));
        assertThat(ShadowJudgePrompt.SYSTEM).contains("[[A]]").contains("[[B]]").contains("[[C]]");
        // the token the prompt asks for is the token the parser reads
        assertThat(ShadowVerdict.parse(weakFirst.substring(weakFirst.lastIndexOf("[[C]]")), false)).hasValue(ShadowVerdict.TIE);
    }

    @Test
    void samplingNeverAtZeroAlwaysAtOne() {
        ShadowSampling never = new ShadowSampling(0, new Random(1));
        ShadowSampling always = new ShadowSampling(1, new Random(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(never.sample()).isFalse();
            assertThat(always.sample()).isTrue();
        }
    }

    @Test
    void samplingTakesTheConfiguredFractionAndIsReproducibleFromTheSeed() {
        ShadowSampling sampling = new ShadowSampling(0.05, new Random(42));
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            sampled += sampling.sample() ? 1 : 0;
        }
        assertThat(sampled / 100_000.0).isCloseTo(0.05, within(0.005));
        ShadowSampling again = new ShadowSampling(0.05, new Random(42));
        int repeated = 0;
        for (int i = 0; i < 100_000; i++) {
            repeated += again.sample() ? 1 : 0;
        }
        assertThat(repeated).isEqualTo(sampled);
    }

    @Test
    void answerOrderIsSwappedAboutHalfTheTime() {
        ShadowSampling sampling = new ShadowSampling(1, new Random(7));
        int strongFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            strongFirst += sampling.strongFirst() ? 1 : 0;
        }
        assertThat(strongFirst / 10_000.0).isCloseTo(0.5, within(0.02));
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new ShadowSampling(1.5, new Random())).hasMessage("fraction: 1.5 (expected: in [0, 1])");
        assertThatThrownBy(() -> new ShadowSpec(-0.1, "judge", 1)).hasMessageContaining("fraction: -0.1");
        assertThatThrownBy(() -> new ShadowSpec(0.1, "judge", 0)).hasMessage("max-in-flight: 0 (expected: > 0)");
        assertThat(new ShadowSpec(0.1, "judge", 2).judge()).isEqualTo("judge");
    }
}
