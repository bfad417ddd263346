package dev.hedge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hedge.core.auth.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteOpenMode;

/**
 * An open store: a connection pool on SQLite (a file under the data directory, default) or PostgreSQL
 * ({@code postgres://} or {@code postgresql://} URL), with the schema migrated to the current version.
 * Several processes may open the same store at once (a server and {@code hedge keys}, or many servers).
 * Thread-safe.
 */
public final class Store implements AutoCloseable {

    /**
     * The versions of the migrations in {@code db/migration/common}, oldest first (a test checks the list against
     * the files). A store that has them all applied opens without Flyway, which on every start would otherwise load
     * a few hundred classes and scan, parse and checksum the scripts: a quarter to half a second of each start.
     */
    static final List<String> MIGRATIONS = List.of("1", "4", "6", "6.1");

    /**
     * How SQLite connections open: read-write, created if missing, and without SQLite's own per-connection mutex.
     * The driver already takes a lock on the connection around every call into SQLite, and the pool lends a
     * connection to one thread at a time, so SQLite's lock and unlock in every bind, step and reset is paid for
     * nothing: without it the ledger writer spends 7-8 % less CPU per request ({@code benchmarks/ledger-insert.sh},
     * docs/ledger.md).
     */
    static final int SQLITE_OPEN_FLAGS =
            SQLiteOpenMode.READWRITE.flag | SQLiteOpenMode.CREATE.flag | SQLiteOpenMode.NOMUTEX.flag;

    private final HikariDataSource dataSource;
    private final StoreLocation location;
    private final JdbcKeyStore keys;
    private final JdbcLimits limits;
    private final LedgerReport report;
    private volatile @Nullable LedgerWriter ledger;

    private Store(HikariDataSource dataSource, StoreLocation location) {
        this.dataSource = dataSource;
        this.location = location;
        this.keys = new JdbcKeyStore(dataSource);
        this.limits = new JdbcLimits(dataSource);
        this.report = new LedgerReport(dataSource);
    }

    /**
     * Opens the store at {@code location}, creating and migrating it as needed.
     *
     * @throws StoreException when it cannot be reached or migrated; the message says which and why
     */
    public static Store open(StoreLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hedge-store");
        config.setJdbcUrl(location.jdbcUrl());
        location.user().ifPresent(config::setUsername);
        location.password().ifPresent(password -> config.setPassword(password.reveal()));
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        if (location.sqlite()) {
            prepareSqliteFile(location);
            SqliteNativeLibrary.useCopyIn(location.sqlitePath().toAbsolutePath().getParent().resolve("cache"));
            // one writer at a time is SQLite's rule; a few readers share WAL snapshots
            config.setMaximumPoolSize(4);
            config.setConnectionInitSql("PRAGMA busy_timeout = 10000");
            // synchronous is per connection, not per file: every pooled connection (the ledger writer's among
            // them) must run with NORMAL, or each commit fsyncs. In WAL mode NORMAL keeps every commit through a
            // killed process; only a power cut or OS crash can lose the last commits before a checkpoint.
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("open_mode", String.valueOf(SQLITE_OPEN_FLAGS));
        } else {
            config.setMaximumPoolSize(16);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store at %s: %s".formatted(location, rootMessage(e)), e);
        }
        try {
            if (location.sqlite()) {
                enableWal(dataSource);
            }
            if (!hasMigrations(dataSource, MIGRATIONS)) {
                migrate(dataSource);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Store(dataSource, location);
    }

    public KeyStore keys() {
        return keys;
    }

    /** Limits of keys and teams, and spend by key or team. */
    public JdbcLimits limits() {
        return limits;
    }

    /** Sums of the ledger. */
    public LedgerReport report() {
        return report;
    }

    /** The ledger's group-committing writer, started on first use and closed with the store. */
    public synchronized LedgerWriter ledger() {
        LedgerWriter writer = ledger;
        if (writer == null) {
            writer = location.sqlite()
                    ? LedgerWriter.journaled(dataSource, location.sqlitePath().toAbsolutePath().resolveSibling("ledger-journal"))
                    : new LedgerWriter(dataSource);
            ledger = writer;
        }
        return writer;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public StoreLocation location() {
        return location;
    }

    /** Whether a connection can be had and answers. */
    public boolean healthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        LedgerWriter writer = ledger;
        if (writer != null) {
            writer.close();
        }
        dataSource.close();
    }

    private static void prepareSqliteFile(StoreLocation location) {
        Path parent = location.sqlitePath().toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory %s: %s".formatted(parent, e.getMessage()), e);
        }
    }

    private static void enableWal(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // WAL lets readers (a running server) and a writer (hedge keys create) work at the same time
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
        } catch (SQLException e) {
            throw new StoreException("cannot configure SQLite: " + e.getMessage(), e);
        }
    }

    /**
     * Whether Flyway's history records every one of {@code versions} as applied and no migration as failed; false
     * also when there is no history yet (a new store) or it cannot be read, which leaves the answer to Flyway.
     */
    static boolean hasMigrations(DataSource dataSource, List<String> versions) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            Set<String> applied = new HashSet<>();
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false;
                }
                String version = rows.getString(1);
                if (version != null) {
                    applied.add(version);
                }
            }
            return applied.containsAll(versions);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store's schema: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
