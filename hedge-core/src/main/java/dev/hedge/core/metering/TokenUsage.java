package dev.hedge.core.metering;

import dev.hedge.api.usage.Usage;

/**
 * Tokens of one call by price class. {@code cachedInput} and {@code cacheWrite} are part of {@code input};
 * {@code reasoning} is part of {@code output}, as suppliers report them.
 *
 * @param counted whether Hedge counted the tokens itself because the supplier reported none
 */
public record TokenUsage(long input, long cachedInput, long cacheWrite, long output, long reasoning, boolean counted) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, false);

    public TokenUsage {
        if (input < 0 || cachedInput < 0 || cacheWrite < 0 || output < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + input + "/" + cachedInput + "/"
                    + cacheWrite + "/" + output + "/" + reasoning);
        }
    }

    /** The usage a supplier reported. */
    public static TokenUsage reported(Usage usage) {
        return new TokenUsage(usage.promptTokens(), usage.cachedTokens(), usage.cacheWriteTokens(), usage.completionTokens(),
                usage.reasoningTokens(), false);
    }

    /** Usage Hedge counted itself. */
    public static TokenUsage counted(long input, long output) {
        return new TokenUsage(input, 0, 0, output, 0, true);
    }

    public long total() {
        return input + output;
    }

    /** In OpenAI's shape, for a response that lacked it. */
    public Usage toUsage() {
        return Usage.of(Math.toIntExact(input), Math.toIntExact(output));
    }
}
