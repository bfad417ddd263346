package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.json.Json;
import dev.hedge.core.metering.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The journal's line writer writes what databind's bean serializer writes under {@code Json}'s configuration, byte
 * for byte (what journals of earlier versions hold, and what recovery reads), and databind reads it back as the same
 * row.
 */
class JournalLineTest {

    private static final String[] PIECES = {"req_", "key", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\u0000",
        "\u001f", "\u007f", "\u0080", "/", "é", "߿", "ࠀ", "漢", "\uffff", "😀", "\ud800", "\udc00", "gpt-4o-mini",
        "2026-11-23", "ops", "shadow", "rate_limited"};

    @Property(tries = 3000)
    void rowIsWrittenAsDatabindWritesItAndReadBack(@ForAll("rows") LedgerRow row) throws IOException {
        byte[] expected = Json.write(row);
        byte[] actual = JournalLine.of(row).toByteArray();

        assertThat(actual)
                .as(() -> "hand-written:\n" + new String(actual, StandardCharsets.UTF_8) + "\ndatabind:\n"
                        + new String(expected, StandardCharsets.UTF_8))
                .isEqualTo(expected);
        assertThat(Json.mapper().readTree(actual)).isEqualTo(Json.mapper().readTree(expected));
        if (row.attempts() != null && !row.attempts().contains(null) && row.usage() != null) {
            assertThat(Json.read(actual, LedgerRow.class)).isEqualTo(row);
        }
    }

    @Property(tries = 2000)
    void dayIsTheUtcDateOfTheMillisecond(@ForAll("millis") long epochMilli) {
        assertThat(LedgerRow.day(epochMilli))
                .isEqualTo(LocalDate.ofInstant(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC).toString());
    }

    @Test
    void aThreadsLineIsReusedAndALongOneIsNotKept() {
        LedgerRow longRow = withModel("m".repeat(40_000) + "é");
        LedgerRow shortRow = withModel("gpt-4o-mini");

        JournalLine first = JournalLine.of(longRow);
        assertThat(first.toByteArray()).isEqualTo(Json.write(longRow));
        JournalLine second = JournalLine.of(shortRow);
        assertThat(second).isSameAs(first);
        assertThat(second.toByteArray()).isEqualTo(Json.write(shortRow));
        assertThat(second.bytes().length).isLessThan(40_000);
    }

    private static LedgerRow withModel(String model) {
        return new LedgerRow("req_1", 1_763_870_000_000L, "2026-11-23", "key_a", "team key", null, "chat", model, true,
                null, null, 429, "rate_limited", TokenUsage.NONE, 0, 5678, null, 0, false, true, null, null, null,
                null, "client", null, List.of());
    }

    /** The line pinned here is also what the versions before {@link JournalLine} wrote: their journals replay. */
    @Test
    void typicalRowAsTheJournalHoldsIt() throws IOException {
        LedgerRow row = new LedgerRow("req_1", 1_763_870_000_000L, "2026-11-23", "key_a", "team key", null, "chat",
                "gpt-4o-mini", true, "mock-1", "openai", 200, null, new TokenUsage(19, 0, 0, 28, 0, false), 1234, 5678,
                910L, 1, false, false, "cheap", 0.25, 0.5, 3, "client", null,
                List.of(new LedgerRow.Attempt(1, "mock-1", "openai", "ok", null, true,
                        new TokenUsage(19, 0, 0, 28, 0, false), 1234, 5600, 900L)));
        String line = "{\"requestId\":\"req_1\","
                + "\"receivedAt\":1763870000000,\"day\":\"2026-11-23\",\"keyId\":\"key_a\",\"keyName\":\"team key\","
                + "\"endpoint\":\"chat\",\"model\":\"gpt-4o-mini\",\"stream\":true,\"deployment\":\"mock-1\","
                + "\"provider\":\"openai\",\"status\":200,\"usage\":{\"input\":19,\"cachedInput\":0,\"cacheWrite\":0,"
                + "\"output\":28,\"reasoning\":0,\"counted\":false},\"costMicroUsd\":1234,\"latencyMicros\":5678,"
                + "\"ttftMicros\":910,\"attemptCount\":1,\"failover\":false,\"clientGone\":false,\"routeTier\":\"cheap\","
                + "\"routeScore\":0.25,\"routeThreshold\":0.5,\"routerRevision\":3,\"purpose\":\"client\",\"attempts\":"
                + "[{\"number\":1,\"deployment\":\"mock-1\",\"provider\":\"openai\",\"outcome\":\"ok\",\"committed\":true,"
                + "\"usage\":{\"input\":19,\"cachedInput\":0,\"cacheWrite\":0,\"output\":28,\"reasoning\":0,"
                + "\"counted\":false},\"costMicroUsd\":1234,\"latencyMicros\":5600,\"ttftMicros\":900}]}";

        assertThat(new String(JournalLine.of(row).toByteArray(), StandardCharsets.UTF_8)).isEqualTo(line);
        assertThat(Json.mapper().readValue(line, LedgerRow.class)).isEqualTo(row);
    }

    @Provide
    Arbitrary<LedgerRow> rows() {
        return Arbitraries.randomValue(JournalLineTest::row);
    }

    @Provide
    Arbitrary<Long> millis() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-1L << 45, 1L << 45),
                Arbitraries.longs().between(-3, 3).map(d -> 1_763_856_000_000L + d), // around a midnight
                Arbitraries.longs().between(-3, 3).map(d -> d - 1)); // around the epoch
    }

    private static LedgerRow row(Random r) {
        List<LedgerRow.Attempt> attempts = null;
        if (r.nextInt(5) > 0) {
            attempts = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                attempts.add(r.nextInt(20) == 0 ? null : new LedgerRow.Attempt(r.nextInt(), str(r), str(r), str(r),
                        r.nextBoolean() ? null : r.nextInt(), r.nextBoolean(), usage(r), r.nextLong(), r.nextLong(),
                        r.nextBoolean() ? null : r.nextLong()));
            }
        }
        return new LedgerRow(str(r), r.nextLong(), str(r), str(r), str(r), str(r), str(r), str(r), r.nextBoolean(),
                str(r), str(r), r.nextInt(), str(r), usage(r), r.nextLong(), r.nextLong(),
                r.nextBoolean() ? null : r.nextLong(), r.nextInt(), r.nextBoolean(), r.nextBoolean(), str(r),
                decimal(r), decimal(r), r.nextBoolean() ? null : r.nextInt(), str(r), str(r), attempts);
    }

    private static @Nullable TokenUsage usage(Random r) {
        return r.nextInt(10) == 0 ? null : new TokenUsage(count(r), count(r), count(r), count(r), count(r),
                r.nextBoolean());
    }

    private static long count(Random r) {
        return r.nextBoolean() ? r.nextInt(100_000) : r.nextLong(Long.MAX_VALUE);
    }

    private static @Nullable Double decimal(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> null;
            case 1 -> new double[] {0.0, -0.0, 1e-9, Double.MAX_VALUE, Double.NaN}[r.nextInt(5)];
            default -> r.nextDouble();
        };
    }

    private static @Nullable String str(Random r) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(5); i > 0; i--) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }
}
