package dev.hedge.providers.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a supplier's answer differed from the shape the client expects. */
public enum DriftKind {
    /** A field OpenAI's schema does not define (a vendor extension or a new field). */
    UNKNOWN_FIELD,
    /** A field the schema requires was absent or null. */
    MISSING_FIELD,
    /** A field had another JSON type than the schema's. */
    WRONG_TYPE,
    /** A value outside the schema's enumeration (e.g. a finish reason such as {@code eos}), or a dialect's own
     * value Hedge does not know (a new stop reason, content block or event type). */
    UNKNOWN_VALUE;

    /** The name in metrics, logs and JSON, e.g. {@code unknown_field}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
