package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.gateway.Endpoint;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ledger's group commit on SQLite and on the real PostgreSQL (a fresh schema, dropped afterwards). */
class LedgerWriterTest {

    private static RequestLog request(String id, String key, Optional<String> team) {
        return new RequestLog(id, Instant.now(), new Caller(key, key + "-name", team, Set.of(), false), Endpoint.CHAT,
                "gpt-4o-mini", false, 200, Optional.empty(), Optional.empty(), List.of(),
                new TokenUsage(100, 0, 0, 50, 0, true), 1_000_000, OptionalLong.empty(), false);
    }

    private static void recordsAreDurableWhenTheirStageCompletes(Store store) throws Exception {
        LedgerWriter ledger = store.ledger();
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = "req_" + UUID.randomUUID();
            ids.add(id);
            durable.add(ledger.record(request(id, "key_a", Optional.of("ops"))).toCompletableFuture());
        }
        for (int i = 0; i < ids.size(); i++) {
            durable.get(i).get(60, TimeUnit.SECONDS);
            assertThat(store.report().contains(ids.get(i))).as(ids.get(i)).isTrue();
        }
        // queued together, written together: fewer commits than requests
        assertThat(ledger.written()).isEqualTo(300);
        assertThat(ledger.batches()).isLessThan(300);
        assertThat(ledger.failed()).isZero();
        List<LedgerReport.Row> rows = store.report().rows(LedgerReport.By.TEAM, Instant.EPOCH, Instant.now().plusSeconds(60));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.group()).isEqualTo("ops");
            assertThat(row.requests()).isEqualTo(300);
            assertThat(row.counted()).isEqualTo(300);
            assertThat(row.tokens().input()).isEqualTo(30_000);
        });
    }

    @Test
    void journaledRequestsReachTheDatabaseInBatches() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            LedgerWriter ledger = store.ledger();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String id = "req_" + UUID.randomUUID();
                ids.add(id);
                // durable in the journal before the stage completes: it is complete on return
                assertThat(ledger.record(request(id, "key_a", Optional.of("ops"))).toCompletableFuture()).isCompleted();
            }
            awaitWritten(ledger, 300);
            for (String id : ids) {
                assertThat(store.report().contains(id)).as(id).isTrue();
            }
            assertThat(ledger.batches()).isLessThan(300);
            assertThat(ledger.failed()).isZero();
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void whatAKilledProcessLeftInTheJournalIsReplayedOnce() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try {
            try (Store store = Store.open(StoreLocation.sqlite(dir))) {
                // a row already in the database, and journaled again (killed between commit and segment deletion)
                LedgerWriter ledger = store.ledger();
                ledger.record(request("req_both", "key_a", Optional.empty()));
                awaitWritten(ledger, 1);
            }
            Path journalDir = dir.resolve("ledger-journal");
            // what a killed process leaves: rows appended, never committed, the last line cut short
            LedgerJournal journal = LedgerJournal.open(journalDir, rows -> {
                throw new AssertionError("nothing to replay yet");
            }).orElseThrow();
            journal.append(LedgerRow.of(request("req_left_1", "key_a", Optional.of("ops")), LedgerWriter.Purpose.CLIENT));
            journal.append(LedgerRow.of(request("req_left_2", "key_b", Optional.empty()), LedgerWriter.Purpose.CLIENT));
            journal.append(LedgerRow.of(request("req_both", "key_a", Optional.empty()), LedgerWriter.Purpose.CLIENT));
            journal.close();
            try (var segments = Files.list(journalDir)) {
                Path segment = segments.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
                Files.writeString(segment, "{\"requestId\":\"req_torn\",\"recei", java.nio.file.StandardOpenOption.APPEND);
            }
            try (Store store = Store.open(StoreLocation.sqlite(dir))) {
                store.ledger();
                assertThat(store.report().contains("req_left_1")).isTrue();
                assertThat(store.report().contains("req_left_2")).isTrue();
                assertThat(store.report().contains("req_torn")).isFalse();
                try (Connection connection = store.dataSource().getConnection();
                        Statement statement = connection.createStatement();
                        var result = statement.executeQuery(
                                "SELECT COUNT(*) FROM ledger_requests WHERE request_id = 'req_both'")) {
                    result.next();
                    assertThat(result.getInt(1)).isEqualTo(1);
                }
            }
            try (var left = Files.list(journalDir)) {
                assertThat(left.filter(p -> p.toString().endsWith(".jsonl")).toList())
                        .as("a cleanly closed writer leaves no segment").isEmpty();
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void rowsAppendedFromManyThreadsAreReplayedWholeLongOnesToo() throws Exception {
        Path dir = Files.createTempDirectory("hedge-journal-");
        try {
            LedgerJournal journal = LedgerJournal.open(dir, rows -> {
                throw new AssertionError("nothing to replay yet");
            }).orElseThrow();
            List<LedgerRow> appended = Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            // every tenth row is longer than the line buffer the journal starts with
                            String id = "req_%d_%d%s".formatted(thread, i, i % 10 == 0 ? "x".repeat(5_000 * (thread + 1)) : "");
                            LedgerRow row = LedgerRow.of(request(id, "key_a", Optional.empty()), LedgerWriter.Purpose.CLIENT);
                            journal.append(row);
                            appended.add(row);
                        }
                        return null;
                    }));
                }
                for (Future<?> thread : done) {
                    thread.get();
                }
            }
            journal.close(); // nothing was committed: every row stays for the next start

            List<LedgerRow> replayed = new ArrayList<>();
            LedgerJournal.open(dir, replayed::addAll).orElseThrow().close();
            assertThat(replayed).hasSize(800).containsExactlyInAnyOrderElementsOf(appended);
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void segmentsFillAndFollowOneAnotherWhetherPreparedAheadOrNot() throws Exception {
        Path dir = Files.createTempDirectory("hedge-journal-");
        try {
            long segmentSize = 16 * 1024; // about 35 rows
            LedgerJournal journal = LedgerJournal.open(dir, segmentSize, rows -> {
                throw new AssertionError("nothing to replay yet");
            }).orElseThrow();
            List<LedgerRow> appended = Collections.synchronizedList(new ArrayList<>());
            Set<Long> segments = Collections.synchronizedSet(new java.util.HashSet<>());
            try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 400; i++) {
                            // now and then a row larger than a whole segment
                            String id = "req_%d_%d%s".formatted(thread, i, i % 97 == 0 ? "y".repeat(20_000) : "");
                            LedgerRow row = LedgerRow.of(request(id, "key_a", Optional.empty()), LedgerWriter.Purpose.CLIENT);
                            segments.add(journal.append(row));
                            appended.add(row);
                        }
                        return null;
                    }));
                }
                // the writer thread's part, racing the appends: some rotations find a segment ready, some make one
                done.add(threads.submit(() -> {
                    while (appended.size() < 800) {
                        journal.prepareNext();
                        Thread.onSpinWait();
                    }
                    return null;
                }));
                for (Future<?> thread : done) {
                    thread.get();
                }
            }
            assertThat(segments).as("rows went to many segments").hasSizeGreaterThan(10);
            journal.close();
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".jsonl")).count())
                        .as("a closed journal leaves the segments holding rows, not a prepared empty one")
                        .isEqualTo(segments.size());
            }
            List<LedgerRow> replayed = new ArrayList<>();
            LedgerJournal.open(dir, segmentSize, replayed::addAll).orElseThrow().close();
            assertThat(replayed).hasSize(800).containsExactlyInAnyOrderElementsOf(appended);
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void whatAKilledProcessLeftInItsMappedSegmentsIsReplayedUpToTheRowItWasWriting() throws Exception {
        Path dir = Files.createTempDirectory("hedge-journal-");
        Path copy = Files.createTempDirectory("hedge-journal-killed-");
        try {
            LedgerJournal journal = LedgerJournal.open(dir, 8 * 1024, rows -> {}).orElseThrow();
            List<LedgerRow> appended = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                LedgerRow row = LedgerRow.of(request("req_live_" + i, "key_a", Optional.empty()), LedgerWriter.Purpose.CLIENT);
                journal.append(row);
                appended.add(row);
            }
            journal.prepareNext();
            // a process killed now leaves its files as they are: copied while the journal is open and never closed,
            // the current segment still zero-padded and the prepared one all zeros
            Path last = null;
            try (var files = Files.list(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                    if (Files.readAllBytes(file)[0] != 0) {
                        last = copy.resolve(file.getFileName());
                    }
                }
            }
            assertThat(Files.size(java.util.Objects.requireNonNull(last))).isEqualTo(8 * 1024);
            // and the row it was copying when killed: cut short, then the zeros
            byte[] bytes = Files.readAllBytes(last);
            int end = 0;
            while (bytes[end] != 0) {
                end++;
            }
            byte[] torn = "{\"requestId\":\"req_torn\",\"recei".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.arraycopy(torn, 0, bytes, end, torn.length);
            Files.write(last, bytes);

            List<LedgerRow> replayed = new ArrayList<>();
            LedgerJournal.open(copy, 8 * 1024, replayed::addAll).orElseThrow().close();
            assertThat(replayed).containsExactlyInAnyOrderElementsOf(appended);
            try (var files = Files.list(copy)) {
                assertThat(files.filter(p -> p.toString().endsWith(".jsonl")).toList())
                        .as("replayed segments are deleted").isEmpty();
            }
            journal.close();
        } finally {
            deleteTree(dir);
            deleteTree(copy);
        }
    }

    @Test
    void aSecondProcessOnTheStoreNeitherReplaysNorOwnsTheJournal() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try {
            LedgerJournal owner = LedgerJournal.open(dir, rows -> {}).orElseThrow();
            owner.append(LedgerRow.of(request("req_live", "key_a", Optional.empty()), LedgerWriter.Purpose.CLIENT));
            assertThat(LedgerJournal.open(dir, rows -> {
                throw new AssertionError("replayed a live journal");
            })).isEmpty();
            owner.close();
        } finally {
            deleteTree(dir);
        }
    }

    private static void awaitWritten(LedgerWriter ledger, long count) throws InterruptedException {
        assertThat(ledger.awaitWritten(java.time.Duration.ofSeconds(30))).as("written within 30 s").isTrue();
        assertThat(ledger.written()).isEqualTo(count);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void everyPooledSqliteConnectionCommitsWithoutFsync() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            // hold all four pooled connections at once, so none of them can be the one the set-up configured
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(store.dataSource().getConnection());
                }
                for (Connection connection : held) {
                    try (Statement statement = connection.createStatement();
                            var result = statement.executeQuery("PRAGMA synchronous")) {
                        result.next();
                        assertThat(result.getInt(1)).as("PRAGMA synchronous (1 = NORMAL)").isEqualTo(1);
                    }
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** SQLite connections open without SQLite's own mutex (Store.SQLITE_OPEN_FLAGS): the pool's threads share them. */
    @Test
    void sqliteConnectionsServeReadersOnManyThreadsWhileTheLedgerWrites() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try (Store store = Store.open(StoreLocation.sqlite(dir));
                ExecutorService threads = Executors.newFixedThreadPool(6)) {
            LedgerWriter ledger = store.ledger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String id = "req_" + thread + "_" + i;
                        ledger.record(request(id, "key_" + thread, Optional.of("ops")));
                        store.report().contains(id);
                        store.report().rows(LedgerReport.By.KEY, Instant.EPOCH, Instant.now().plusSeconds(60));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            awaitWritten(ledger, 1200);
            assertThat(store.report().rows(LedgerReport.By.TEAM, Instant.EPOCH, Instant.now().plusSeconds(60)))
                    .singleElement().satisfies(row -> assertThat(row.requests()).isEqualTo(1200));
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void aRequestRecordedAfterCloseIsReleasedNotLeftHanging() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            LedgerWriter ledger = store.ledger();
            ledger.close();
            ledger.record(request("req_late", "key_a", Optional.empty())).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(store.report().contains("req_late")).isFalse();
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void groupCommitOnPostgres() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("hedge_ledger"); Store store = Store.open(schema.location())) {
            recordsAreDurableWhenTheirStageCompletes(store);
            assertThat(store.limits().spentMicroUsd("team:ops", Instant.EPOCH)).isZero(); // no attempts, no cost
        }
    }
}
