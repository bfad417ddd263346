package dev.hedge.store;

import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.gateway.RequestRecorder;
import dev.hedge.core.metering.TokenUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's writer: a {@link RequestRecorder} that group-commits. Requests queue up while the previous
 * batch is being written; one thread takes everything queued (up to {@link #MAX_BATCH}), writes it in one
 * transaction and then completes what waits for it.
 *
 * <p>With a {@link LedgerJournal} (SQLite stores) a request is durable once its row is appended to the journal,
 * before its stage completes; the database takes the rows in batches gathered for up to {@link #LINGER_NANOS}, off
 * the request's path, and a killed process's journal is replayed by the next start. Without one (PostgreSQL, or a
 * second process on a SQLite store) a request's stage completes after the commit that holds it: a request waits
 * for at most one commit in progress plus its own.
 *
 * <p>A batch that cannot be written is retried {@value #ATTEMPTS} times, then logged with its request ids and
 * given up (their journal segment then stays for the next start to replay; the requests' stages complete anyway,
 * as {@link RequestRecorder} requires). Rows are inserted with {@code ON CONFLICT DO NOTHING}: a request id
 * written twice (a replay after a crash between commit and segment deletion) counts once.
 */
public final class LedgerWriter implements RequestRecorder, AutoCloseable {

    static final int MAX_BATCH = 512;
    static final int ATTEMPTS = 3;
    /**
     * How long a journaled batch may gather before it is written. The journal already holds the rows, so only the
     * database's view lags; each commit writes the pages of five indexes, so at 1000 requests a second 50 ms (about
     * 50 rows a commit) costs the writer 30-32 us a request, against 65-71 us with 5 ms.
     */
    static final long LINGER_NANOS = 50_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final String REQUEST_INSERT = """
            INSERT INTO ledger_requests (request_id, received_at, day, key_id, key_name, team, endpoint, model,
              stream, deployment, provider, status, error_code, input_tokens, cached_input_tokens, cache_write_tokens,
              output_tokens, reasoning_tokens, usage_counted, cost_micro_usd, latency_micros, ttft_micros, attempts,
              failover, cache_hit, client_gone, route_tier, route_score, route_threshold, router_revision, purpose,
              shadow_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String ATTEMPT_INSERT = """
            INSERT INTO ledger_attempts (request_id, attempt, deployment, provider, outcome, upstream_status, committed,
              input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_counted,
              cost_micro_usd, latency_micros, ttft_micros)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    /**
     * Why a request was made: a client's own ({@link #CLIENT}), or Hedge's on behalf of a client's request
     * (shadow comparisons: the strong tier's answer, the judge's verdict). Hedge's own requests are recorded
     * under the client's key and team but are not charged to their budgets.
     *
     * @param label {@code client}, {@code shadow} or {@code judge} (the {@code purpose} column)
     * @param shadowOf the client's request it was made for (the {@code shadow_of} column)
     */
    public record Purpose(String label, Optional<String> shadowOf) {

        public static final Purpose CLIENT = new Purpose("client", Optional.empty());

        /** Hedge's request {@code label} for the client's request {@code requestId}. */
        public static Purpose onBehalfOf(String label, String requestId) {
            return new Purpose(label, Optional.of(requestId));
        }
    }

    /**
     * A row on its way to the database.
     *
     * @param durable completed after the commit; null when the journal made the row durable already
     * @param segment the journal segment holding the row, or -1
     */
    private record Pending(LedgerRow row, @Nullable CompletableFuture<Void> durable, long segment) {}

    /** Queued by {@link #close()}: write what came before, then stop. Never written itself. */
    private static final Pending STOP = new Pending(stopMarker(), null, -1);

    private final DataSource dataSource;
    private final Optional<LedgerJournal> journal;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;
    /** Only the writer thread touches it. */
    private @Nullable Statements statements;

    LedgerWriter(DataSource dataSource) {
        this(dataSource, Optional.empty());
    }

    LedgerWriter(DataSource dataSource, Optional<LedgerJournal> journal) {
        this.dataSource = dataSource;
        this.journal = journal;
        this.thread = Thread.ofPlatform().name("hedge-ledger").daemon(true).start(this::run);
    }

    /**
     * Opens a writer whose requests go through a journal in {@code journalDirectory} when this process can own it,
     * after replaying what an earlier process left there.
     */
    static LedgerWriter journaled(DataSource dataSource, Path journalDirectory) {
        Optional<LedgerJournal> journal = LedgerJournal.open(journalDirectory, rows -> replay(dataSource, rows));
        if (journal.isEmpty()) {
            LOG.info("ledger: another process owns the journal in {}; this one commits each request directly",
                    journalDirectory);
        }
        return new LedgerWriter(dataSource, journal);
    }

    @Override
    public CompletionStage<Void> record(RequestLog request) {
        return record(request, Purpose.CLIENT);
    }

    /** Records {@code request} with why it was made; see {@link #record(RequestLog)}. */
    public CompletionStage<Void> record(RequestLog request, Purpose purpose) {
        if (closed) {
            LOG.error("ledger closed; request {} is not on record", request.requestId());
            return CompletableFuture.completedFuture(null);
        }
        LedgerRow row = LedgerRow.of(request, purpose);
        recorded.incrementAndGet();
        if (journal.isPresent()) {
            try {
                long segment = journal.get().append(row);
                queue.add(new Pending(row, null, segment));
                return CompletableFuture.completedFuture(null);
            } catch (IOException | RuntimeException e) {
                LOG.error("ledger: cannot append request {} to the journal ({}); waiting for the database instead",
                        request.requestId(), e.getMessage());
            }
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        queue.add(new Pending(row, durable, -1));
        if (closed && !thread.isAlive()) {
            // raced with close(): the writer is gone, so nothing would ever complete this request's stage
            releaseAbandoned();
        }
        return durable;
    }

    /**
     * Waits until every request recorded before this call is in the database or given up: what a reader of the
     * ledger (a report, a test) needs when the journal made requests durable before the database had them.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long target = recorded.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() + failed.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Requests written so far. */
    public long written() {
        return written.get();
    }

    /** Transactions committed so far (each holds one or more requests). */
    public long batches() {
        return batches.get();
    }

    /** Requests given up after failed writes. */
    public long failed() {
        return failed.get();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseAbandoned();
    }

    /** Completes what is still queued after the writer stopped: those requests are not on record. */
    private void releaseAbandoned() {
        if (thread.isAlive()) {
            return;
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.remove(STOP);
        for (Pending pending : rest) {
            failed.incrementAndGet();
            LOG.error("ledger closed; request {} is not in the database{}", pending.row().requestId(),
                    pending.segment() >= 0 ? " (its journal segment stays for the next start)" : "");
            if (pending.durable() != null) {
                pending.durable().complete(null);
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                try {
                    batch.add(queue.take());
                    if (journal.isPresent()) {
                        gather(batch);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    writeWithRetries(batch);
                }
                batch.clear();
                journal.ifPresent(LedgerJournal::prepareNext);
                if (stop) {
                    List<Pending> rest = new ArrayList<>();
                    queue.drainTo(rest);
                    if (!rest.isEmpty()) {
                        writeWithRetries(rest);
                    }
                    return;
                }
            }
        } finally {
            discardStatements();
            journal.ifPresent(LedgerJournal::close);
        }
    }

    /**
     * Journaled rows wait for company: the writer sleeps {@link #LINGER_NANOS} after the first row of a batch
     * instead of taking rows one by one, so producers (event loops) do not wake it for every row.
     */
    private void gather(List<Pending> batch) throws InterruptedException {
        if (batch.getLast() != STOP && queue.size() < MAX_BATCH) {
            Thread.sleep(Duration.ofNanos(LINGER_NANOS));
        }
    }

    private void writeWithRetries(List<Pending> batch) {
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                write(batch);
                written.addAndGet(batch.size());
                batches.incrementAndGet();
                last = null;
                break;
            } catch (SQLException | RuntimeException e) {
                last = e;
                LOG.warn("ledger: writing {} requests failed (try {} of {}): {}", batch.size(), attempt, ATTEMPTS,
                        e.getMessage());
                sleepQuietly(50L * attempt);
            }
        }
        if (last != null) {
            failed.addAndGet(batch.size());
            LOG.error("ledger: gave up on {} requests{}: {}", batch.size(),
                    journal.isPresent() ? " (their journal segments stay for the next start to replay)" : "",
                    batch.stream().map(p -> p.row().requestId()).toList(), last);
        }
        for (Pending pending : batch) {
            if (pending.durable() != null) {
                pending.durable().complete(null);
            } else if (last == null) {
                journal.get().committed(pending.segment(), 1);
            }
        }
    }

    private void write(List<Pending> batch) throws SQLException {
        Statements statements = statements();
        try {
            insert(statements, batch.stream().map(Pending::row).toList());
            statements.connection().commit();
        } catch (SQLException | RuntimeException e) {
            // the connection may be broken (a restarted database): start the next try on a fresh one
            discardStatements();
            throw e;
        }
    }

    private static void insert(Statements statements, List<LedgerRow> rows) throws SQLException {
        for (LedgerRow row : rows) {
            bindRequest(statements.requests(), row);
            statements.requests().addBatch();
            for (LedgerRow.Attempt attempt : row.attempts()) {
                bindAttempt(statements.attempts(), row.requestId(), attempt);
                statements.attempts().addBatch();
            }
        }
        statements.requests().executeBatch();
        statements.attempts().executeBatch();
    }

    /** Writes rows a killed process left in its journal, in batches of {@link #MAX_BATCH}. */
    private static void replay(DataSource dataSource, List<LedgerRow> rows) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement requests = connection.prepareStatement(REQUEST_INSERT);
                    PreparedStatement attempts = connection.prepareStatement(ATTEMPT_INSERT)) {
                Statements statements = new Statements(connection, requests, attempts);
                for (int from = 0; from < rows.size(); from += MAX_BATCH) {
                    insert(statements, rows.subList(from, Math.min(rows.size(), from + MAX_BATCH)));
                    connection.commit();
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot replay the ledger journal into the database: " + e.getMessage(), e);
        }
    }

    /**
     * The writer's own connection and its two prepared statements, kept between batches: preparing the inserts
     * and taking a pooled connection for every commit cost more than writing a small batch.
     */
    private record Statements(Connection connection, PreparedStatement requests, PreparedStatement attempts) {}

    private Statements statements() throws SQLException {
        Statements current = statements;
        if (current != null) {
            return current;
        }
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            current = new Statements(connection, connection.prepareStatement(REQUEST_INSERT),
                    connection.prepareStatement(ATTEMPT_INSERT));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        statements = current;
        return current;
    }

    private void discardStatements() {
        Statements current = statements;
        statements = null;
        if (current == null) {
            return;
        }
        try {
            current.connection().rollback();
        } catch (SQLException | RuntimeException ignored) {
            // broken already; closing below is all that is left to do
        }
        try {
            current.connection().close(); // closes its statements too
        } catch (SQLException | RuntimeException e) {
            LOG.debug("ledger: closing a failed connection: {}", e.getMessage());
        }
    }

    private static void bindRequest(PreparedStatement s, LedgerRow r) throws SQLException {
        int i = 1;
        s.setString(i++, r.requestId());
        s.setLong(i++, r.receivedAt());
        s.setString(i++, r.day());
        s.setString(i++, r.keyId());
        s.setString(i++, r.keyName());
        setString(s, i++, r.team());
        s.setString(i++, r.endpoint());
        s.setString(i++, r.model());
        s.setBoolean(i++, r.stream());
        setString(s, i++, r.deployment());
        setString(s, i++, r.provider());
        s.setInt(i++, r.status());
        setString(s, i++, r.errorCode());
        i = bindTokens(s, i, r.usage());
        s.setLong(i++, r.costMicroUsd());
        s.setLong(i++, r.latencyMicros());
        setLong(s, i++, r.ttftMicros());
        s.setInt(i++, r.attemptCount());
        s.setBoolean(i++, r.failover());
        s.setBoolean(i++, false);
        s.setBoolean(i++, r.clientGone());
        setString(s, i++, r.routeTier());
        if (r.routeScore() == null || r.routeThreshold() == null || r.routerRevision() == null) {
            s.setNull(i++, Types.DOUBLE);
            s.setNull(i++, Types.DOUBLE);
            s.setNull(i++, Types.INTEGER);
        } else {
            s.setDouble(i++, r.routeScore());
            s.setDouble(i++, r.routeThreshold());
            s.setInt(i++, r.routerRevision());
        }
        s.setString(i++, r.purpose());
        setString(s, i, r.shadowOf());
    }

    private static void bindAttempt(PreparedStatement s, String requestId, LedgerRow.Attempt a) throws SQLException {
        int i = 1;
        s.setString(i++, requestId);
        s.setInt(i++, a.number());
        s.setString(i++, a.deployment());
        s.setString(i++, a.provider());
        s.setString(i++, a.outcome());
        if (a.upstreamStatus() != null) {
            s.setInt(i++, a.upstreamStatus());
        } else {
            s.setNull(i++, Types.INTEGER);
        }
        s.setBoolean(i++, a.committed());
        i = bindTokens(s, i, a.usage());
        s.setLong(i++, a.costMicroUsd());
        s.setLong(i++, a.latencyMicros());
        setLong(s, i, a.ttftMicros());
    }

    private static int bindTokens(PreparedStatement s, int first, TokenUsage usage) throws SQLException {
        int i = first;
        s.setLong(i++, usage.input());
        s.setLong(i++, usage.cachedInput());
        s.setLong(i++, usage.cacheWrite());
        s.setLong(i++, usage.output());
        s.setLong(i++, usage.reasoning());
        s.setBoolean(i++, usage.counted());
        return i;
    }

    private static void setString(PreparedStatement s, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static void setLong(PreparedStatement s, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static LedgerRow stopMarker() {
        return new LedgerRow("stop", 0, "", "", "", null, "", "", false, null, null, 0, null, TokenUsage.NONE, 0, 0,
                null, 0, false, false, null, null, null, null, "client", null, List.of());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
