package dev.hedge.core.admission;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a key or a team may use.
 *
 * @param budget the spending limit, if any
 * @param rpm requests per minute (any sliding 60 s), if limited
 * @param tpm tokens per minute (any sliding 60 s), if limited
 */
public record Limits(Optional<Budget> budget, OptionalInt rpm, OptionalInt tpm) {

    public static final Limits NONE = new Limits(Optional.empty(), OptionalInt.empty(), OptionalInt.empty());

    public Limits {
        if (rpm.isPresent() && rpm.getAsInt() <= 0) {
            throw new IllegalArgumentException("rpm: %s (expected: > 0)".formatted(rpm.getAsInt()));
        }
        if (tpm.isPresent() && tpm.getAsInt() <= 0) {
            throw new IllegalArgumentException("tpm: %s (expected: > 0)".formatted(tpm.getAsInt()));
        }
    }

    public boolean none() {
        return budget.isEmpty() && rpm.isEmpty() && tpm.isEmpty();
    }
}
