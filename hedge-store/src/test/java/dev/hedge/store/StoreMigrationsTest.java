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
            List<String> versions = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
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
