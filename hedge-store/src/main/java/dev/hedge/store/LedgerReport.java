package dev.hedge.store;

import dev.hedge.core.metering.TokenUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** Sums of the ledger by key, team, model, deployment, day or purpose. Blocks on I/O. */
public final class LedgerReport {

    /** What rows are grouped by. */
    public enum By {
        KEY("key_name"),
        TEAM("COALESCE(team, '-')"),
        MODEL("model"),
        DEPLOYMENT("COALESCE(deployment, '-')"),
        DAY("day"),
        /** client, or Hedge's own requests on a client's behalf: shadow, judge (shadow comparisons). */
        PURPOSE("purpose");

        private final String expression;

        By(String expression) {
            this.expression = expression;
        }

        public static Optional<By> parse(String name) {
            for (By by : values()) {
                if (by.name().equalsIgnoreCase(name.strip())) {
                    return Optional.of(by);
                }
            }
            return Optional.empty();
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One group's sums.
     *
     * @param errors requests answered with a status of 400 or more
     * @param counted requests whose tokens Hedge counted because the supplier reported none
     * @param tokens summed by class (the {@code counted} flag of this value is meaningless)
     */
    public record Row(String group, long requests, long errors, long counted, TokenUsage tokens, long costMicroUsd) {}

    private final DataSource dataSource;

    LedgerReport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Groups the requests received in {@code [since, until)}, dearest first. */
    public List<Row> rows(By by, Instant since, Instant until) {
        String sql = """
                SELECT %s AS grp, COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END),
                  SUM(CASE WHEN usage_counted THEN 1 ELSE 0 END), SUM(input_tokens), SUM(cached_input_tokens),
                  SUM(cache_write_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_micro_usd)
                FROM ledger_requests WHERE received_at >= ? AND received_at < ?
                GROUP BY %s ORDER BY SUM(cost_micro_usd) DESC, grp""".formatted(by.expression, by.expression);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, since.toEpochMilli());
            statement.setLong(2, until.toEpochMilli());
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getLong(2), result.getLong(3), result.getLong(4),
                            new TokenUsage(result.getLong(5), result.getLong(6), result.getLong(7), result.getLong(8),
                                    result.getLong(9), false),
                            result.getLong(10)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read the ledger: " + e.getMessage(), e);
        }
    }

    /** Whether the ledger holds a request with this id. */
    public boolean contains(String requestId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM ledger_requests WHERE request_id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the ledger: " + e.getMessage(), e);
        }
    }
}
