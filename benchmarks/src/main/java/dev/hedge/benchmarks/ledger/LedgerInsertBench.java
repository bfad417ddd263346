package dev.hedge.benchmarks.ledger;

import dev.hedge.store.Store;
import dev.hedge.store.StoreLocation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * CPU time the ledger's writer thread spends per request on SQLite, inserting as {@code LedgerWriter} does and in
 * other ways that might be cheaper: each way gets a fresh store with the real schema, inserts
 * {@code rows / 2} requests to warm up (the JIT, and tables of some size), then {@code rows} measured requests in
 * transactions of {@code rows-per-commit} (the writer's batches are full, {@code LedgerWriter.MAX_BATCH} = 512, under
 * the closed-loop load test); every request has one attempt. The figure is {@link ThreadMXBean} CPU time of the
 * inserting thread divided by the requests; ways alternate within each round, so all see the same machine.
 *
 * <pre>
 * benchmarks/ledger-insert.sh [rows-per-commit=512] [rows=61440] [rounds=3] [way-prefix]
 * </pre>
 *
 * <p>The ways: {@code addBatch} is what {@code LedgerWriter} does (one prepared statement per table, {@code addBatch}
 * per row, the same values bound the same way) on a connection opened as {@code Store} opens them;
 * {@code +sqlite-mutex} opens it with SQLite's per-connection mutex, as the store did before; {@code values16}/{@code values64} insert that many rows per statement
 * ({@code INSERT ... VALUES (...), (...), ...}); {@code json_each}/{@code jsonb_each} bind one JSON array per batch and
 * take it apart in SQLite. {@code +attempts-norowid} and {@code +norowid} rebuild {@code ledger_attempts}, or both
 * tables, {@code WITHOUT ROWID} first.
 */
public final class LedgerInsertBench {

    private static final String REQUEST_COLUMNS = """
            request_id, received_at, day, key_id, key_name, team, endpoint, model, stream, deployment, provider, status,
            error_code, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
            usage_counted, cost_micro_usd, latency_micros, ttft_micros, attempts, failover, cache_hit, client_gone,
            route_tier, route_score, route_threshold, router_revision, purpose, shadow_of""";
    private static final String ATTEMPT_COLUMNS = """
            request_id, attempt, deployment, provider, outcome, upstream_status, committed, input_tokens,
            cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_counted, cost_micro_usd,
            latency_micros, ttft_micros""";
    private static final int REQUEST_PARAMS = 32;
    private static final int ATTEMPT_PARAMS = 16;

    private LedgerInsertBench() {}

    /** Which tables are rebuilt {@code WITHOUT ROWID} before the way runs. */
    enum Schema {
        ROWID(""), ATTEMPTS_WITHOUT_ROWID("+attempts-norowid"), WITHOUT_ROWID("+norowid");

        final String suffix;

        Schema(String suffix) {
            this.suffix = suffix;
        }
    }

    /** A request as the benchmark writes it, with one attempt. */
    record Row(String requestId, long receivedAt, String keyId, String team, String model, int status, long input,
            long output, long cost, long latency, @Nullable Long ttft, boolean stream) {}

    /** One way of inserting a batch of rows on one connection. */
    interface Insert {
        void prepare(Connection c) throws SQLException;

        void insert(List<Row> rows) throws SQLException;
    }

    /** @param mutex whether SQLite locks its own mutex in every call, as before the store opened without it */
    record Way(String name, Schema schema, boolean mutex, Supplier<Insert> insert) {

        Way(String name, Schema schema, Supplier<Insert> insert) {
            this(name, schema, false, insert);
        }

        String label() {
            return name + schema.suffix + (mutex ? "+sqlite-mutex" : "");
        }
    }

    public static void main(String[] args) throws Exception {
        int perCommit = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 61_440;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = args.length > 3 ? args[3] : "";
        List<Way> ways = List.of(
                new Way("addBatch", Schema.ROWID, true, AddBatch::new),
                new Way("addBatch", Schema.ROWID, AddBatch::new),
                new Way("addBatch", Schema.ATTEMPTS_WITHOUT_ROWID, AddBatch::new),
                new Way("addBatch", Schema.WITHOUT_ROWID, AddBatch::new),
                new Way("values16", Schema.ROWID, () -> new MultiValues(16)),
                new Way("values64", Schema.ROWID, () -> new MultiValues(64)),
                new Way("json_each", Schema.ROWID, () -> new JsonEach(false)),
                new Way("jsonb_each", Schema.ROWID, () -> new JsonEach(true)));
        System.out.printf("%d requests per commit, %d measured requests per way%n", perCommit, rows);
        for (int round = 1; round <= rounds; round++) {
            for (Way way : ways) {
                if (way.label().startsWith(only)) {
                    System.out.printf("round %d %-28s %6.2f us CPU/request%n", round, way.label(),
                            insert(way, round, perCommit, rows));
                }
            }
        }
    }

    private static double insert(Way way, int round, int perCommit, int rows) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("hedge-ledger-insert-");
        try (Store store = Store.open(StoreLocation.sqlite(dir))) {
            // the real schema
        }
        // a connection configured as the store's are (Store.open), or with SQLite's per-connection mutex
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        if (!way.mutex()) {
            config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        }
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("hedge.db"))) {
            rebuild(c, way.schema());
            c.setAutoCommit(false);
            Insert insert = way.insert().get();
            insert.prepare(c);
            Rows source = new Rows(round);
            write(c, insert, source, rows / 2, perCommit);
            long cpu = mx.getCurrentThreadCpuTime();
            write(c, insert, source, rows, perCommit);
            return (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / rows;
        } finally {
            deleteTree(dir); // tens of megabytes a way
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void write(Connection c, Insert insert, Rows source, int rows, int perCommit) throws SQLException {
        for (int done = 0; done < rows; done += perCommit) {
            insert.insert(source.next(Math.min(perCommit, rows - done)));
            c.commit();
        }
    }

    private static void rebuild(Connection c, Schema schema) throws SQLException {
        if (schema == Schema.ROWID) {
            return;
        }
        try (Statement s = c.createStatement()) {
            rebuildWithoutRowid(s, "ledger_attempts");
            if (schema == Schema.WITHOUT_ROWID) {
                rebuildWithoutRowid(s, "ledger_requests");
                s.execute("CREATE INDEX ledger_requests_time ON ledger_requests (received_at)");
                s.execute("CREATE INDEX ledger_requests_key_time ON ledger_requests (key_id, received_at)");
                s.execute("CREATE INDEX ledger_requests_team_time ON ledger_requests (team, received_at)");
            }
        }
    }

    /** Empty tables: dropping and creating again is a rebuild. */
    private static void rebuildWithoutRowid(Statement s, String table) throws SQLException {
        String create;
        try (ResultSet rows = s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = '" + table + "'")) {
            create = rows.getString(1);
        }
        s.execute("DROP TABLE " + table);
        s.execute(create + " WITHOUT ROWID");
    }

    /**
     * Rows like the gateway's: time-ordered request ids as {@code RequestIds} makes them, 20 keys in 4 teams, two
     * models, streams with a first-token time, an occasional 429.
     */
    static final class Rows {
        private final SplittableRandom random;
        private long now = 1_790_000_000_000L;

        Rows(long seed) {
            random = new SplittableRandom(seed);
        }

        List<Row> next(int n) {
            List<Row> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                now += random.nextInt(3);
                String id = "req_%011x%013x".formatted(now, random.nextLong() & 0xFFFFFFFFFFFFFL);
                int key = random.nextInt(20);
                boolean stream = key % 2 == 1;
                rows.add(new Row(id, now, "key_" + key, "team-" + key % 4, key % 3 == 0 ? "gpt-4o-mini" : "claude-sonnet",
                        random.nextInt(50) == 0 ? 429 : 200, 100 + random.nextInt(900), random.nextInt(500),
                        random.nextInt(20_000), random.nextInt(2_000_000),
                        stream ? (long) random.nextInt(500_000) : null, stream));
            }
            return rows;
        }
    }

    /** Binds {@code r} as {@code LedgerWriter} binds a request, from parameter {@code first}; returns the next. */
    private static int bindRequest(PreparedStatement s, int first, Row r) throws SQLException {
        int i = first;
        s.setString(i++, r.requestId());
        s.setLong(i++, r.receivedAt());
        s.setString(i++, "2026-09-21");
        s.setString(i++, r.keyId());
        s.setString(i++, r.keyId() + "-name");
        s.setString(i++, r.team());
        s.setString(i++, "chat");
        s.setString(i++, r.model());
        s.setBoolean(i++, r.stream());
        s.setString(i++, "openai/" + r.model());
        s.setString(i++, "openai");
        s.setInt(i++, r.status());
        s.setNull(i++, Types.VARCHAR);
        i = bindUsage(s, i, r);
        s.setLong(i++, r.cost());
        s.setLong(i++, r.latency());
        i = bindTtft(s, i, r);
        s.setInt(i++, 1);
        s.setBoolean(i++, false);
        s.setBoolean(i++, false);
        s.setBoolean(i++, false);
        s.setNull(i++, Types.VARCHAR);
        s.setNull(i++, Types.DOUBLE);
        s.setNull(i++, Types.DOUBLE);
        s.setNull(i++, Types.INTEGER);
        s.setString(i++, "client");
        s.setNull(i++, Types.VARCHAR);
        return i;
    }

    /** Binds {@code r}'s attempt as {@code LedgerWriter} binds one, from parameter {@code first}; returns the next. */
    private static int bindAttempt(PreparedStatement s, int first, Row r) throws SQLException {
        int i = first;
        s.setString(i++, r.requestId());
        s.setInt(i++, 1);
        s.setString(i++, "openai/" + r.model());
        s.setString(i++, "openai");
        s.setString(i++, r.status() == 200 ? "ok" : "http_status");
        if (r.status() == 200) {
            s.setNull(i++, Types.INTEGER);
        } else {
            s.setInt(i++, r.status());
        }
        s.setBoolean(i++, r.status() == 200);
        i = bindUsage(s, i, r);
        s.setLong(i++, r.cost());
        s.setLong(i++, r.latency());
        return bindTtft(s, i, r);
    }

    private static int bindUsage(PreparedStatement s, int first, Row r) throws SQLException {
        int i = first;
        s.setLong(i++, r.input());
        s.setLong(i++, 0);
        s.setLong(i++, 0);
        s.setLong(i++, r.output());
        s.setLong(i++, 0);
        s.setBoolean(i++, false);
        return i;
    }

    private static int bindTtft(PreparedStatement s, int i, Row r) throws SQLException {
        if (r.ttft() == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, r.ttft());
        }
        return i + 1;
    }

    private static PreparedStatement insertValues(Connection c, String table, String columns, int params, int rows)
            throws SQLException {
        String one = "(" + "?, ".repeat(params - 1) + "?)";
        return c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, one)) + " ON CONFLICT DO NOTHING");
    }

    /** What {@code LedgerWriter} does: one prepared statement per table, {@code addBatch} per row. */
    static final class AddBatch implements Insert {
        private PreparedStatement requests;
        private PreparedStatement attempts;

        @Override
        public void prepare(Connection c) throws SQLException {
            requests = insertValues(c, "ledger_requests", REQUEST_COLUMNS, REQUEST_PARAMS, 1);
            attempts = insertValues(c, "ledger_attempts", ATTEMPT_COLUMNS, ATTEMPT_PARAMS, 1);
        }

        @Override
        public void insert(List<Row> rows) throws SQLException {
            for (Row r : rows) {
                bindRequest(requests, 1, r);
                requests.addBatch();
                bindAttempt(attempts, 1, r);
                attempts.addBatch();
            }
            requests.executeBatch();
            attempts.executeBatch();
        }
    }

    /** {@code INSERT ... VALUES (...), (...), ...} of {@code width} rows; the rest of a batch as {@link AddBatch}. */
    static final class MultiValues implements Insert {
        private final int width;
        private final AddBatch rest = new AddBatch();
        private PreparedStatement requests;
        private PreparedStatement attempts;

        MultiValues(int width) {
            this.width = width;
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            requests = insertValues(c, "ledger_requests", REQUEST_COLUMNS, REQUEST_PARAMS, width);
            attempts = insertValues(c, "ledger_attempts", ATTEMPT_COLUMNS, ATTEMPT_PARAMS, width);
            rest.prepare(c);
        }

        @Override
        public void insert(List<Row> rows) throws SQLException {
            int from = 0;
            for (; from + width <= rows.size(); from += width) {
                int i = 1;
                int j = 1;
                for (Row r : rows.subList(from, from + width)) {
                    i = bindRequest(requests, i, r);
                    j = bindAttempt(attempts, j, r);
                }
                requests.executeUpdate();
                attempts.executeUpdate();
            }
            if (from < rows.size()) {
                rest.insert(rows.subList(from, rows.size()));
            }
        }
    }

    /**
     * One JSON array of the batch's rows in the journal's format ({@code JournalLine}), bound once per table and
     * taken apart by {@code json_each}, or by {@code jsonb_each} after one conversion to SQLite's binary JSON.
     */
    static final class JsonEach implements Insert {
        private final boolean binary;
        private PreparedStatement requests;
        private PreparedStatement attempts;

        JsonEach(boolean binary) {
            this.binary = binary;
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            String each = binary ? "jsonb_each(jsonb(?))" : "json_each(?)";
            requests = c.prepareStatement("INSERT INTO ledger_requests (" + REQUEST_COLUMNS + ") SELECT "
                    + "value->>'requestId', value->>'receivedAt', value->>'day', value->>'keyId', value->>'keyName', "
                    + "value->>'team', value->>'endpoint', value->>'model', value->>'stream', value->>'deployment', "
                    + "value->>'provider', value->>'status', value->>'errorCode', value->>'$.usage.input', "
                    + "value->>'$.usage.cachedInput', value->>'$.usage.cacheWrite', value->>'$.usage.output', "
                    + "value->>'$.usage.reasoning', value->>'$.usage.counted', value->>'costMicroUsd', "
                    + "value->>'latencyMicros', value->>'ttftMicros', value->>'attemptCount', value->>'failover', 0, "
                    + "value->>'clientGone', value->>'routeTier', value->>'routeScore', value->>'routeThreshold', "
                    + "value->>'routerRevision', value->>'purpose', value->>'shadowOf' FROM " + each
                    + " WHERE true ON CONFLICT DO NOTHING");
            attempts = c.prepareStatement("INSERT INTO ledger_attempts (" + ATTEMPT_COLUMNS + ") SELECT "
                    + "r.value->>'requestId', a.value->>'number', a.value->>'deployment', a.value->>'provider', "
                    + "a.value->>'outcome', a.value->>'upstreamStatus', a.value->>'committed', "
                    + "a.value->>'$.usage.input', a.value->>'$.usage.cachedInput', a.value->>'$.usage.cacheWrite', "
                    + "a.value->>'$.usage.output', a.value->>'$.usage.reasoning', a.value->>'$.usage.counted', "
                    + "a.value->>'costMicroUsd', a.value->>'latencyMicros', a.value->>'ttftMicros' FROM " + each
                    + " r, " + (binary ? "jsonb_each" : "json_each") + "(r.value, '$.attempts') a"
                    + " WHERE true ON CONFLICT DO NOTHING");
        }

        @Override
        public void insert(List<Row> rows) throws SQLException {
            StringBuilder json = new StringBuilder(rows.size() * 700).append('[');
            for (Row r : rows) {
                if (json.length() > 1) {
                    json.append(',');
                }
                String usage = "{\"input\":" + r.input() + ",\"cachedInput\":0,\"cacheWrite\":0,\"output\":"
                        + r.output() + ",\"reasoning\":0,\"counted\":false}";
                String ttft = r.ttft() == null ? "" : ",\"ttftMicros\":" + r.ttft();
                json.append("{\"requestId\":\"").append(r.requestId()).append("\",\"receivedAt\":")
                        .append(r.receivedAt()).append(",\"day\":\"2026-09-21\",\"keyId\":\"").append(r.keyId())
                        .append("\",\"keyName\":\"").append(r.keyId()).append("-name\",\"team\":\"").append(r.team())
                        .append("\",\"endpoint\":\"chat\",\"model\":\"").append(r.model()).append("\",\"stream\":")
                        .append(r.stream()).append(",\"deployment\":\"openai/").append(r.model())
                        .append("\",\"provider\":\"openai\",\"status\":").append(r.status()).append(",\"usage\":")
                        .append(usage).append(",\"costMicroUsd\":").append(r.cost()).append(",\"latencyMicros\":")
                        .append(r.latency()).append(ttft)
                        .append(",\"attemptCount\":1,\"failover\":false,\"clientGone\":false,\"purpose\":\"client\"")
                        .append(",\"attempts\":[{\"number\":1,\"deployment\":\"openai/").append(r.model())
                        .append("\",\"provider\":\"openai\",\"outcome\":\"")
                        .append(r.status() == 200 ? "ok" : "http_status").append('"')
                        .append(r.status() == 200 ? "" : ",\"upstreamStatus\":" + r.status())
                        .append(",\"committed\":").append(r.status() == 200).append(",\"usage\":").append(usage)
                        .append(",\"costMicroUsd\":").append(r.cost()).append(",\"latencyMicros\":")
                        .append(r.latency()).append(ttft).append("}]}");
            }
            String text = json.append(']').toString();
            requests.setString(1, text);
            requests.executeUpdate();
            attempts.setString(1, text);
            attempts.executeUpdate();
        }
    }
}
