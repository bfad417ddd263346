package dev.hedge.providers.http;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads how long a supplier asks us to wait: {@code retry-after-ms}, then {@code Retry-After}. */
public final class RetryAfter {

    /** A supplier asking for more than this is treated as asking for this. */
    private static final Duration MAX = Duration.ofMinutes(10);

    private RetryAfter() {}

    /** @return the wait, or null when the headers ask for none (or something unreadable) */
    public static @Nullable Duration parse(MultiMap headers, Instant now) {
        String millis = headers.get("retry-after-ms");
        if (millis != null) {
            try {
                return clamp(Duration.ofNanos((long) (Double.parseDouble(millis.trim()) * 1_000_000)));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = headers.get("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return clamp(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return clamp(Duration.between(now, at));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static @Nullable Duration clamp(Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
