package dev.hedge.store;

import dev.hedge.api.json.Json;
import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.core.metering.TokenUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The ledger journal's line for one request, side by side: {@link JournalLine} (what the journal writes, into its
 * thread's buffer) and {@link Json#write} (databind's bean serializer, the reference format and what the journal
 * used first). Lives in {@code dev.hedge.store} because the row is package-private.
 */
@State(Scope.Benchmark)
public class LedgerRowBenchmark extends HotPathBenchmark {

    /** A served, unrouted chat request with one attempt: the common row. */
    private final LedgerRow row = new LedgerRow("req_5f0c3a9e6d2b4c7e9a1f3b5d7c9e1a3b", 1_763_870_000_000L, "2026-11-23",
            "key_0123456789", "load test", "ops", "chat", "gpt-4o-mini", false, "mock-chat", "openai", 200, null,
            new TokenUsage(19, 0, 0, 28, 0, false), 42, 1_873, null, 1, false, false, null, null, null, null, "client",
            null, List.of(new LedgerRow.Attempt(1, "mock-chat", "openai", "ok", null, true,
                    new TokenUsage(19, 0, 0, 28, 0, false), 42, 1_650, null)));

    @Benchmark
    public int rowByHand() {
        return JournalLine.of(row).length();
    }

    @Benchmark
    public byte[] rowByDatabind() {
        return Json.write(row);
    }

    /** The day's text as {@link LedgerRow#of} makes it (the last day's kept) beside a date made per row. */
    @Benchmark
    public String dayKept() {
        return LedgerRow.day(row.receivedAt());
    }

    @Benchmark
    public String dayMade() {
        return LocalDate.ofInstant(Instant.ofEpochMilli(row.receivedAt()), ZoneOffset.UTC).toString();
    }
}
