package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.auth.VirtualKey;
import dev.hedge.core.gateway.Endpoint;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Keys are revoked by id or name, on SQLite while a running server's ledger commits, and on the real PostgreSQL. */
class JdbcKeyStoreTest {

    @Test
    void keysAreRevokedFromAnotherProcessWhileTheServerLedgerCommits() throws Exception {
        // `hedge keys revoke` opens the store beside a running server, whose ledger writer commits as requests end:
        // a revoke that read the key and then wrote it failed at once ("database is locked") when a commit fell in
        // between, since SQLite cannot move a read transaction's snapshot forward to write
        Path dir = Files.createTempDirectory("hedge-keys-");
        try (Store server = Store.open(StoreLocation.sqlite(dir)); Store cli = Store.open(StoreLocation.sqlite(dir))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong recorded = new AtomicLong();
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    server.ledger().record(request("req_" + recorded.incrementAndGet())).toCompletableFuture().join();
                }
            });
            try {
                for (int i = 0; i < 150; i++) {
                    VirtualKey key = key("key_" + i, "app-" + i);
                    cli.keys().insert(key);
                    String idOrName = i % 2 == 0 ? key.id() : key.name();
                    assertThat(cli.keys().revoke(idOrName)).as("revoke %s", idOrName)
                            .hasValueSatisfying(revoked -> {
                                assertThat(revoked.id()).isEqualTo(key.id());
                                assertThat(revoked.revokedAt()).isPresent();
                            });
                }
            } finally {
                running.set(false);
                traffic.get(30, TimeUnit.SECONDS);
            }
            assertThat(recorded.get()).as("the ledger committed while keys were revoked").isPositive();
            assertThat(server.keys().list()).hasSize(150).allSatisfy(key -> assertThat(key.active()).isFalse());
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void revokingOnPostgresMarksTheKeyOnceAndFindsItByIdOrName() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("hedge_keys"); Store store = Store.open(schema.location())) {
            store.keys().insert(key("key_a", "alpha"));
            store.keys().insert(key("key_b", "beta"));

            assertThat(store.keys().revoke("alpha")).hasValueSatisfying(key -> {
                assertThat(key.id()).isEqualTo("key_a");
                assertThat(key.name()).isEqualTo("alpha");
                assertThat(key.revokedAt()).isPresent();
            });
            assertThat(store.keys().revoke("alpha")).as("already revoked").isEmpty();
            assertThat(store.keys().revoke("key_b")).hasValueSatisfying(key -> assertThat(key.name()).isEqualTo("beta"));
            assertThat(store.keys().revoke("nobody")).isEmpty();
            assertThat(store.keys().list()).allSatisfy(key -> assertThat(key.active()).isFalse());
            // a name whose key was revoked may be used again
            store.keys().insert(key("key_c", "alpha"));
            assertThat(store.keys().revoke("alpha")).hasValueSatisfying(key -> assertThat(key.id()).isEqualTo("key_c"));
        }
    }

    private static VirtualKey key(String id, String name) {
        return new VirtualKey(id, name, "sk-hedge-" + id, "hash-" + id, Optional.empty(), Set.of(),
                Instant.ofEpochMilli(1_700_000_000_000L), Optional.empty());
    }

    private static RequestLog request(String id) {
        return new RequestLog(id, Instant.now(), new Caller("key_x", "x", Optional.empty(), Set.of(), false),
                Endpoint.CHAT, "gpt-4o-mini", false, 200, Optional.empty(), Optional.empty(), List.of(),
                new TokenUsage(100, 0, 0, 50, 0, true), 1_000_000, OptionalLong.empty(), false);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
