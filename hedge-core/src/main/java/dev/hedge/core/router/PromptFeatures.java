package dev.hedge.core.router;

/**
 * Cheap text features of a prompt that an embedding of its first 256 word pieces misses or blurs: length,
 * digits, code and math markers, multiple-choice layout, question form. Values are roughly in [0, 1] so a
 * linear head needs no scaling. Thread-safe (stateless).
 */
public final class PromptFeatures {

    /** Number of features {@link #of(String)} returns. */
    public static final int COUNT = 9;

    private PromptFeatures() {}

    /** The features of {@code prompt}, always {@link #COUNT} values. */
    public static double[] of(String prompt) {
        int length = prompt.length();
        int digits = 0;
        int lines = 1;
        int mathSymbols = 0;
        int codeSymbols = 0;
        for (int i = 0; i < length; i++) {
            char c = prompt.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '\n') {
                lines++;
            } else if (c == '=' || c == '+' || c == '*' || c == '^' || c == '$' || c == '%' || c == '/') {
                mathSymbols++;
            } else if (c == '{' || c == '}' || c == ';' || c == '(' || c == ')' || c == '[' || c == ']' || c == '<') {
                codeSymbols++;
            }
        }
        double perChar = 1.0 / Math.max(1, length);
        boolean fencedCode = prompt.contains("```") || prompt.contains("def ") || prompt.contains("function ")
                || prompt.contains("#include") || prompt.contains("public ") || prompt.contains("import ");
        boolean multipleChoice = prompt.contains("\nA.") && prompt.contains("\nB.");
        String trimmed = prompt.strip();
        boolean question = trimmed.endsWith("?");
        return new double[] {
            Math.log1p(length) / 10,
            Math.log1p(lines) / 5,
            Math.min(1, digits * perChar * 10),
            Math.min(1, Math.log1p(digits) / 5),
            Math.min(1, mathSymbols * perChar * 20),
            Math.min(1, codeSymbols * perChar * 20),
            fencedCode ? 1 : 0,
            multipleChoice ? 1 : 0,
            question ? 1 : 0,
        };
    }
}
