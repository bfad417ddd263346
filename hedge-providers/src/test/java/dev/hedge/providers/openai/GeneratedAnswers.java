package dev.hedge.providers.openai;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/**
 * The answers {@link AnswerMaker} makes, for the property tests on OpenAI answers: {@code cleanCompletions},
 * {@code cleanChunks} (compact or pretty-printed) and their drifted kin, as text.
 */
abstract class GeneratedAnswers {

    @Provide
    Arbitrary<String> cleanCompletions() {
        return Arbitraries.randomValue(random -> {
            AnswerMaker maker = new AnswerMaker(random);
            return maker.write(maker.completion(), false);
        });
    }

    @Provide
    Arbitrary<String> cleanChunks() {
        return Arbitraries.randomValue(random -> {
            AnswerMaker maker = new AnswerMaker(random);
            return maker.write(maker.chunk(), false);
        });
    }

    @Provide
    Arbitrary<String> driftedCompletions() {
        return Arbitraries.randomValue(random -> {
            AnswerMaker maker = new AnswerMaker(random);
            return maker.write(maker.drift(maker.completion()), true);
        });
    }

    @Provide
    Arbitrary<String> driftedChunks() {
        return Arbitraries.randomValue(random -> {
            AnswerMaker maker = new AnswerMaker(random);
            return maker.write(maker.drift(maker.chunk()), true);
        });
    }
}
