package dev.hedge.providers.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What Hedge did about a drift. */
public enum DriftAction {
    /** An unknown field removed before the answer reached the client. */
    DROPPED,
    /** An unknown field left in place ({@code passthrough-extensions: true}). */
    PASSED_THROUGH,
    /** A missing, mistyped or unknown value replaced by a safe one. */
    REPAIRED,
    /** Something a dialect translator skipped because it has no OpenAI counterpart. */
    IGNORED,
    /** The answer could not be repaired; the attempt failed with an error naming the field. */
    REJECTED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
