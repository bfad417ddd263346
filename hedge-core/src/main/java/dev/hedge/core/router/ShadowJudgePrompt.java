package dev.hedge.core.router;

/**
 * The pairwise comparison a judge model is asked for (after MT-Bench's pairwise judge): the user's question,
 * two answers labelled A and B, and a strict last line {@code [[A]]}, {@code [[B]]} or {@code [[C]]} (tie),
 * read by {@link ShadowVerdict#parse}. The judge is never told which tier wrote which answer.
 */
public final class ShadowJudgePrompt {

    /** Output tokens the judge may use: a short explanation and the verdict. */
    public static final int MAX_TOKENS = 512;

    public static final String SYSTEM = """
            You are an impartial judge. Compare two AI assistants' answers to the user's question below and decide \
            which answer is better: more helpful, correct, relevant, accurate, deep and appropriately detailed. \
            Ignore the order in which the answers are shown and their length as such; do not favour either \
            assistant by name. Explain briefly, then give your verdict on the last line in exactly this format: \
            [[A]] if answer A is better, [[B]] if answer B is better, [[C]] for a tie.""";

    private ShadowJudgePrompt() {}

    /**
     * The user message for the judge.
     *
     * @param strongFirst whether the strong tier's answer is shown as A
     */
    public static String user(String question, String strongAnswer, String weakAnswer, boolean strongFirst) {
        String a = strongFirst ? strongAnswer : weakAnswer;
        String b = strongFirst ? weakAnswer : strongAnswer;
        return """
                [User question]
                %s

                [The start of answer A]
                %s
                [The end of answer A]

                [The start of answer B]
                %s
                [The end of answer B]

                Which answer is better? End with [[A]], [[B]] or [[C]].""".formatted(question, a, b);
    }
}
