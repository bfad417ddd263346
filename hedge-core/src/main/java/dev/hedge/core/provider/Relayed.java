package dev.hedge.core.provider;

import org.jspecify.annotations.Nullable;

/**
 * An answer with, when it may reach the client as it is, the JSON the supplier sent for it: the relay then sends
 * those bytes rather than writing the answer again (as a reverse proxy does; writing an answer costs about as much
 * as reading it).
 *
 * <p>A provider sets {@code source} only when the bytes say exactly what Hedge would write for {@code value}: the
 * same JSON tree but for whitespace, key order, string escapes, the spelling of a number ({@code 6.00}, which
 * Hedge writes {@code 6}) and a member that is null on one side and absent on the other (OpenAI's clients read
 * both alike, and Hedge's writer leaves most nulls out); UTF-8 without a byte-order mark; and, for a streamed
 * chunk, on one line (it goes into one SSE {@code data:} line). The OpenAI dialect sets it for answers its typed
 * reader took without repair; a dialect that translates never does. Whoever changes the value drops the source: a
 * changed answer is written as before.
 *
 * @param source the supplier's JSON for {@code value}, or null when the value must be written
 */
public record Relayed<T>(T value, byte @Nullable [] source) {

    /** A value without source bytes: it is written when sent. */
    public static <T> Relayed<T> of(T value) {
        return new Relayed<>(value, null);
    }
}
