package dev.hedge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.auth.KeyStore;
import dev.hedge.core.auth.VirtualKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Virtual keys in the {@code virtual_keys} table; portable SQL for SQLite and PostgreSQL. */
final class JdbcKeyStore implements KeyStore {

    private static final String COLUMNS = "id, name, key_prefix, key_hash, team, models, created_at, revoked_at";

    private final DataSource dataSource;

    JdbcKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<VirtualKey> findByHash(String hash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM virtual_keys WHERE key_hash = ?")) {
            statement.setString(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up a key: " + e.getMessage(), e);
        }
    }

    @Override
    public void insert(VirtualKey key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO virtual_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, key.id());
            statement.setString(2, key.name());
            statement.setString(3, key.prefix());
            statement.setString(4, key.hash());
            if (key.team().isPresent()) {
                statement.setString(5, key.team().get());
            } else {
                statement.setNull(5, Types.VARCHAR);
            }
            statement.setString(6, Json.writeString(new TreeSet<>(key.models())));
            statement.setLong(7, key.createdAt().toEpochMilli());
            if (key.revokedAt().isPresent()) {
                statement.setLong(8, key.revokedAt().get().toEpochMilli());
            } else {
                statement.setNull(8, Types.BIGINT);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new IllegalArgumentException("a live key named '%s' already exists".formatted(key.name()), e);
            }
            throw new StoreException("cannot store the key: " + e.getMessage(), e);
        }
    }

    @Override
    public List<VirtualKey> list() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM virtual_keys ORDER BY created_at DESC, id DESC");
                ResultSet rows = statement.executeQuery()) {
            List<VirtualKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(read(rows));
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("cannot list keys: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<VirtualKey> revoke(String idOrName) {
        // One statement, so SQLite takes the write lock before it reads (and waits out other writers, busy_timeout):
        // a read and then a write in one transaction failed at once (SQLITE_BUSY_SNAPSHOT) when another connection,
        // a running server's ledger writer, committed in between. An id match wins over a name match.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement revoke = connection.prepareStatement("UPDATE virtual_keys SET revoked_at = ?"
                        + " WHERE revoked_at IS NULL AND id = (SELECT id FROM virtual_keys"
                        + " WHERE (id = ? OR name = ?) AND revoked_at IS NULL"
                        + " ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1) RETURNING " + COLUMNS)) {
            revoke.setLong(1, Instant.now().toEpochMilli());
            revoke.setString(2, idOrName);
            revoke.setString(3, idOrName);
            revoke.setString(4, idOrName);
            try (ResultSet rows = revoke.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot revoke the key: " + e.getMessage(), e);
        }
    }

    private static VirtualKey read(ResultSet rows) throws SQLException {
        Set<String> modelSet = new LinkedHashSet<>();
        try {
            for (JsonNode model : Json.mapper().readTree(rows.getString("models"))) {
                modelSet.add(model.asText());
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("virtual_keys.models is not a JSON array", e);
        }
        long revoked = rows.getLong("revoked_at");
        Optional<Instant> revokedAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
        return new VirtualKey(rows.getString("id"), rows.getString("name"), rows.getString("key_prefix"),
                rows.getString("key_hash"), Optional.ofNullable(rows.getString("team")), modelSet,
                Instant.ofEpochMilli(rows.getLong("created_at")), revokedAt);
    }

    private static boolean isUniqueViolation(SQLException e) {
        // PostgreSQL: SQLState 23505; SQLite: result code SQLITE_CONSTRAINT (19) with "UNIQUE" in the message
        return "23505".equals(e.getSQLState()) || (e.getErrorCode() == 19 && String.valueOf(e.getMessage()).contains("UNIQUE"));
    }
}
