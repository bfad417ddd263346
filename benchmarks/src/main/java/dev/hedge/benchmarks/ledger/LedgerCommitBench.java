package dev.hedge.benchmarks.ledger;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.gateway.Endpoint;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.store.LedgerWriter;
import dev.hedge.store.Store;
import dev.hedge.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/**
 * How fast the ledger makes requests durable, and how long a request's last byte waits for it: {@code P}
 * concurrent producers (like requests in flight) each record {@code N} requests one after another, waiting
 * for each to be durable, as the gateway does.
 *
 * <pre>
 * java -cp "$(cat cp.txt)" dev.hedge.benchmarks.ledger.LedgerCommitBench [sqlite|postgres://…] [producers] [per-producer]
 * </pre>
 */
public final class LedgerCommitBench {

    private LedgerCommitBench() {}

    public static void main(String[] args) throws Exception {
        String where = args.length > 0 ? args[0] : "sqlite";
        int producers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int each = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("hedge-ledger-bench-");
        StoreLocation location = where.equals("sqlite") ? StoreLocation.sqlite(dir) : StoreLocation.parse(where);
        try (Store store = Store.open(location)) {
            LedgerWriter ledger = store.ledger();
            run(ledger, Math.min(producers, 8), 20); // warm-up
            long batchesBefore = ledger.batches();
            long writtenBefore = ledger.written();
            long started = System.nanoTime();
            long[] waits = run(ledger, producers, each);
            double seconds = (System.nanoTime() - started) / 1e9;
            long written = ledger.written() - writtenBefore;
            long batches = ledger.batches() - batchesBefore;
            Arrays.sort(waits);
            System.out.printf("store=%s producers=%d records=%d%n", location, producers, written);
            System.out.printf("throughput: %.0f records/s, %d commits (%.1f records per commit)%n", written / seconds,
                    batches, (double) written / batches);
            System.out.printf("wait for durability per request: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    pct(waits, 0.50), pct(waits, 0.90), pct(waits, 0.99), waits[waits.length - 1] / 1e6);
        }
    }

    private static long[] run(LedgerWriter ledger, int producers, int each) throws Exception {
        long[] waits = new long[producers * each];
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * each;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long start = System.nanoTime();
                        ledger.record(request()).toCompletableFuture().join();
                        waits[base + i] = System.nanoTime() - start;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return waits;
    }

    private static RequestLog request() {
        return new RequestLog("req_" + UUID.randomUUID(), Instant.now(),
                new Caller("key_bench", "bench", Optional.of("perf"), Set.of(), false), Endpoint.CHAT, "gpt-4o-mini",
                false, 200, Optional.empty(), Optional.empty(), List.of(), new TokenUsage(120, 0, 0, 80, 0, false),
                2_000_000, OptionalLong.empty(), false);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }
}
