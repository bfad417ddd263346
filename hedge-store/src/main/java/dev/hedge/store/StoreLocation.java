package dev.hedge.store;

import dev.hedge.core.catalog.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store lives: a SQLite file, or a PostgreSQL database given as
 * {@code postgres://user:password@host:port/database?options}.
 */
public final class StoreLocation {

    private final String jdbcUrl;
    private final Optional<Path> sqlitePath;
    private final Optional<String> user;
    private final Optional<Secret> password;
    private final String display;

    private StoreLocation(String jdbcUrl, Optional<Path> sqlitePath, Optional<String> user, Optional<Secret> password,
            String display) {
        this.jdbcUrl = jdbcUrl;
        this.sqlitePath = sqlitePath;
        this.user = user;
        this.password = password;
        this.display = display;
    }

    /** The embedded default: {@code hedge.db} in {@code dataDir}. */
    public static StoreLocation sqlite(Path dataDir) {
        Path file = dataDir.resolve("hedge.db");
        return new StoreLocation("jdbc:sqlite:" + file.toAbsolutePath(), Optional.of(file), Optional.empty(),
                Optional.empty(), "sqlite:" + file);
    }

    /**
     * Parses a store setting: {@code sqlite:PATH}, {@code postgres://…} or {@code postgresql://…}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static StoreLocation parse(String value) {
        if (value.startsWith("sqlite:")) {
            Path file = Path.of(value.substring("sqlite:".length()));
            return new StoreLocation("jdbc:sqlite:" + file.toAbsolutePath(), Optional.of(file), Optional.empty(),
                    Optional.empty(), "sqlite:" + file);
        }
        if (!value.startsWith("postgres://") && !value.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "store: '%s' (expected: sqlite:PATH or postgres://user@host:port/database)".formatted(redact(value)));
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store: not a URL (%s)".formatted(e.getReason()));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("store: '%s' has no host".formatted(redact(value)));
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length == 2) {
                password = Optional.of(Secret.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)));
            }
        }
        String jdbc = "jdbc:postgresql://%s:%d/%s%s".formatted(uri.getHost(), port, database, query);
        return new StoreLocation(jdbc, Optional.empty(), user, password, redact(value));
    }

    public boolean sqlite() {
        return sqlitePath.isPresent();
    }

    Path sqlitePath() {
        return sqlitePath.orElseThrow();
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Optional<String> user() {
        return user;
    }

    Optional<Secret> password() {
        return password;
    }

    /** The location without its password. */
    @Override
    public String toString() {
        return display;
    }

    private static String redact(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@]*@", "$1****@");
    }
}
