package dev.hedge.store;

import dev.hedge.core.admission.Budget;
import dev.hedge.core.admission.BudgetPeriod;
import dev.hedge.core.admission.Limits;
import dev.hedge.core.admission.SpendSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * Limits of keys ({@code key_limits}) and teams ({@code teams}), and what a key or team has spent according
 * to the ledger. Methods block on I/O. Portable SQL for SQLite and PostgreSQL.
 */
public final class JdbcLimits implements SpendSource {

    private static final String LIMIT_COLUMNS = "budget_micro_usd, budget_period, rpm, tpm";

    private final DataSource dataSource;

    JdbcLimits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The limits of key {@code keyId}; {@link Limits#NONE} when it has none. */
    public Limits keyLimits(String keyId) {
        return query("SELECT " + LIMIT_COLUMNS + " FROM key_limits WHERE key_id = ?", keyId, JdbcLimits::limits)
                .orElse(Limits.NONE);
    }

    /** Sets (replaces) the limits of key {@code keyId}. */
    public void setKeyLimits(String keyId, Limits limits) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM key_limits WHERE key_id = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO key_limits (key_id, " + LIMIT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
                delete.setString(1, keyId);
                delete.executeUpdate();
                if (!limits.none()) {
                    insert.setString(1, keyId);
                    bind(insert, 2, limits);
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store the key's limits: " + e.getMessage(), e);
        }
    }

    public Optional<Team> team(String name) {
        return query("SELECT name, " + LIMIT_COLUMNS + ", created_at FROM teams WHERE name = ?", name, JdbcLimits::team);
    }

    /** All teams by name. */
    public List<Team> teams() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT name, " + LIMIT_COLUMNS + ", created_at FROM teams ORDER BY name");
                ResultSet rows = statement.executeQuery()) {
            List<Team> teams = new ArrayList<>();
            while (rows.next()) {
                teams.add(team(rows));
            }
            return teams;
        } catch (SQLException e) {
            throw new StoreException("cannot list teams: " + e.getMessage(), e);
        }
    }

    /** Creates the team or replaces its limits (keeping its creation time). */
    public Team putTeam(String name, Limits limits, Instant now) {
        Optional<Team> existing = team(name);
        Team team = new Team(name, limits, existing.map(Team::createdAt).orElse(now));
        String sql = existing.isPresent()
                ? "UPDATE teams SET budget_micro_usd = ?, budget_period = ?, rpm = ?, tpm = ? WHERE name = ?"
                : "INSERT INTO teams (budget_micro_usd, budget_period, rpm, tpm, name, created_at) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1, limits);
            statement.setString(5, name);
            if (existing.isEmpty()) {
                statement.setLong(6, team.createdAt().toEpochMilli());
            }
            statement.executeUpdate();
            return team;
        } catch (SQLException e) {
            throw new StoreException("cannot store team '%s': %s".formatted(name, e.getMessage()), e);
        }
    }

    /** @return whether a team of that name existed */
    public boolean deleteTeam(String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM teams WHERE name = ?")) {
            statement.setString(1, name);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete team '%s': %s".formatted(name, e.getMessage()), e);
        }
    }

    @Override
    public long spentMicroUsd(String scope, Instant since) {
        String column;
        if (scope.startsWith("key:")) {
            column = "key_id";
        } else if (scope.startsWith("team:")) {
            column = "team";
        } else {
            throw new IllegalArgumentException("scope: %s (expected: key:<id> or team:<name>)".formatted(scope));
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(SUM(cost_micro_usd), 0) "
                        + "FROM ledger_requests WHERE " + column + " = ? AND received_at >= ? AND purpose = 'client'")) {
            statement.setString(1, scope.substring(scope.indexOf(':') + 1));
            statement.setLong(2, since.toEpochMilli());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot sum the spend of %s: %s".formatted(scope, e.getMessage()), e);
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> Optional<T> query(String sql, String parameter, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read limits: " + e.getMessage(), e);
        }
    }

    private static Team team(ResultSet rows) throws SQLException {
        return new Team(rows.getString("name"), limits(rows), Instant.ofEpochMilli(rows.getLong("created_at")));
    }

    private static Limits limits(ResultSet rows) throws SQLException {
        long budget = rows.getLong("budget_micro_usd");
        Optional<Budget> maybeBudget = rows.wasNull() ? Optional.empty() : Optional.of(new Budget(budget,
                BudgetPeriod.parse(rows.getString("budget_period")).orElse(BudgetPeriod.MONTHLY)));
        return new Limits(maybeBudget, optionalInt(rows, "rpm"), optionalInt(rows, "tpm"));
    }

    private static OptionalInt optionalInt(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static void bind(PreparedStatement statement, int first, Limits limits) throws SQLException {
        if (limits.budget().isPresent()) {
            statement.setLong(first, limits.budget().get().limitMicroUsd());
            statement.setString(first + 1, limits.budget().get().period().configName());
        } else {
            statement.setNull(first, Types.BIGINT);
            statement.setNull(first + 1, Types.VARCHAR);
        }
        setInt(statement, first + 2, limits.rpm());
        setInt(statement, first + 3, limits.tpm());
    }

    private static void setInt(PreparedStatement statement, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            statement.setInt(index, value.getAsInt());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }
}
