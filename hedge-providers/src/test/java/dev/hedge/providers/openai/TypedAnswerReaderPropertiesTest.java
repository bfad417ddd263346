package dev.hedge.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.providers.drift.DriftGuard.Answer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The typed reader against the guarded path on generated answers ({@link AnswerMaker}): a clean answer is read
 * typed, to the same record and the same JSON; any answer, clean or drifted, reads as the guarded path reads it
 * (the same record or error, the same drift reports), and the typed reader only ever accepts answers the guard
 * has nothing to say about.
 */
class TypedAnswerReaderPropertiesTest extends GeneratedAnswers {

    @Property(tries = 1500)
    void cleanAnswersAreReadTypedToTheGuardedRecord(@ForAll("cleanCompletions") String body) {
        assertCleanReadTyped(Answer.CHAT_COMPLETION, body);
    }

    @Property(tries = 1500)
    void cleanChunksAreReadTypedToTheGuardedRecord(@ForAll("cleanChunks") String body) {
        assertCleanReadTyped(Answer.CHAT_CHUNK, body);
    }

    @Property(tries = 3000)
    void anyAnswerReadsAsTheGuardedPathReadsIt(@ForAll("driftedCompletions") String body,
            @ForAll boolean passthrough) {
        assertSameAsGuarded(Answer.CHAT_COMPLETION, body, passthrough);
    }

    @Property(tries = 3000)
    void anyChunkReadsAsTheGuardedPathReadsIt(@ForAll("driftedChunks") String body, @ForAll boolean passthrough) {
        assertSameAsGuarded(Answer.CHAT_CHUNK, body, passthrough);
    }

    private static void assertCleanReadTyped(Answer answer, String body) {
        BothReads.Outcome guarded = BothReads.guarded(answer, body, false);
        assertThat(guarded.error()).as("the guarded read of a clean answer").isNull();
        assertThat(guarded.drifts()).as("drift in a clean answer").isEmpty();

        assertThat(BothReads.readsTyped(answer, body)).as("read typed").isTrue();
        BothReads.Outcome typed = BothReads.asTheProviderReads(answer, body, false);
        assertThat(typed.record()).isEqualTo(guarded.record());
        assertThat(typed.json()).isEqualTo(guarded.json());
        assertThat(typed.drifts()).isEmpty();
    }

    private static void assertSameAsGuarded(Answer answer, String body, boolean passthrough) {
        boolean readsTyped = BothReads.readsTyped(answer, body);
        Statistics.label("read").collect(readsTyped ? "typed" : "guarded");
        BothReads.Outcome guarded = BothReads.guarded(answer, body, passthrough);
        Statistics.label("guarded outcome").collect(guarded.error() != null ? "error"
                : guarded.drifts().isEmpty() ? "clean" : "repaired");

        BothReads.Outcome read = BothReads.asTheProviderReads(answer, body, passthrough);

        assertThat(read).isEqualTo(guarded);
        if (readsTyped) {
            assertThat(guarded.drifts()).as("drift the guard saw in an answer read typed").isEmpty();
            assertThat(guarded.error()).as("a failure of the guarded read of an answer read typed").isNull();
        }
    }
}
