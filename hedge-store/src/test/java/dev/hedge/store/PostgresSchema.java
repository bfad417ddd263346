package dev.hedge.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh schema on the local PostgreSQL (127.0.0.1:5432, database {@code test}) for one test, dropped on close. */
final class PostgresSchema implements AutoCloseable {

    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix>_<random>}. */
    static PostgresSchema create(String prefix) throws SQLException {
        PostgresSchema schema = new PostgresSchema(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    /** The store location of this schema. */
    StoreLocation location() {
        return StoreLocation.parse("postgres://postgres@127.0.0.1:5432/test?currentSchema=" + name);
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(JDBC, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
