package dev.hedge.store;

import dev.hedge.core.admission.Limits;
import java.time.Instant;

/** A team: keys with {@code team = name} share its budget and limits (on top of their own). */
public record Team(String name, Limits limits, Instant createdAt) {

    public Team {
        if (name.isBlank()) {
            throw new IllegalArgumentException("team name: empty (expected: a name)");
        }
    }
}
