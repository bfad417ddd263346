package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.gateway.Endpoint;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    void groupCommitOnSqlite() throws Exception {
        Path dir = Files.createTempDirectory("hedge-ledger-");
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            recordsAreDurableWhenTheirStageCompletes(store);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
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
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
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
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void groupCommitOnPostgres() throws Exception {
        String schema = "hedge_ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/test";
        try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        try (Store store = Store.open(StoreLocation.parse("postgres://postgres@127.0.0.1:5432/test?currentSchema=" + schema))) {
            recordsAreDurableWhenTheirStageCompletes(store);
            assertThat(store.limits().spentMicroUsd("team:ops", Instant.EPOCH)).isZero(); // no attempts, no cost
        } finally {
            try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
