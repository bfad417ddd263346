package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store whose schema is current skips Flyway; anything else still goes through it. */
class StoreMigrationsTest {

    @TempDir
    Path dir;

    @Test
    void migrationListMatchesTheScripts() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration/common"))) {
            // Flyway's versions: V6_1__x.sql is version 6.1, and 6.1 comes after 6 and before 7
            List<String> versions = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+(_\\d+)*__.*\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")).replace('_', '.'))
                    .sorted(Comparator.comparing((String v) -> Integer.parseInt(v.split("\\.")[0]))
                            .thenComparing(v -> v.contains(".") ? Integer.parseInt(v.split("\\.")[1]) : -1))
                    .toList();
            assertThat(versions).as("every script is a migration").hasSize(files(Path.of("src/main/resources/db/migration/common")));
            assertThat(Store.MIGRATIONS).isEqualTo(versions);
        }
    }

    @Test
    void newStoreIsMigratedAndThenKnownCurrent() throws Exception {
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            assertThat(Store.hasMigrations(store.dataSource(), Store.MIGRATIONS)).isTrue();
        }
        // reopened without Flyway, the store works
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            assertThat(store.healthy()).isTrue();
            assertThat(store.keys().list()).isEmpty();
        }
    }

    @Test
    void aStoreOfAnEarlierReleaseIsMigratedNotSkipped() throws Exception {
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            // as a store made before V6_1 (ledger purpose) looks
            exec(store, "DELETE FROM flyway_schema_history WHERE version = '6.1'");
            exec(store, "ALTER TABLE ledger_requests DROP COLUMN shadow_of");
            exec(store, "ALTER TABLE ledger_requests DROP COLUMN purpose");
            assertThat(Store.hasMigrations(store.dataSource(), Store.MIGRATIONS)).isFalse();
        }
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            assertThat(Store.hasMigrations(store.dataSource(), Store.MIGRATIONS)).isTrue();
            exec(store, "SELECT purpose, shadow_of FROM ledger_requests");
        }
    }

    private static int files(Path directory) throws java.io.IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
        }
    }

    @Test
    void storeWithoutHistoryIsNotCurrent() throws Exception {
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            exec(store, "DROP TABLE flyway_schema_history");
            assertThat(Store.hasMigrations(store.dataSource(), Store.MIGRATIONS)).isFalse();
        }
    }

    @Test
    void missingOrFailedMigrationIsNotCurrent() throws Exception {
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            assertThat(Store.hasMigrations(store.dataSource(), List.of("1", "4", "6", "7"))).isFalse();
            exec(store, "UPDATE flyway_schema_history SET success = 0 WHERE version = '1'");
            assertThat(Store.hasMigrations(store.dataSource(), Store.MIGRATIONS)).isFalse();
        }
    }

    private static void exec(Store store, String sql) throws Exception {
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
