package dev.hedge.store;

import dev.hedge.core.gateway.AttemptLog;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.router.RouteDecision;
import dev.hedge.core.gateway.RequestRecorder;
import dev.hedge.core.metering.Cost;
import dev.hedge.core.metering.TokenUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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
 * transaction and completes each request's stage after the commit. So a request waits for at most one
 * commit in progress plus its own, and under load one commit makes hundreds of requests durable.
 *
 * <p>Durability is that of the store's commit: PostgreSQL's, or SQLite's WAL (survives a killed process).
 * A batch that cannot be written is retried {@value #ATTEMPTS} times, then logged with its request ids and
 * given up (the requests' stages complete anyway, as {@link RequestRecorder} requires).
 */
public final class LedgerWriter implements RequestRecorder, AutoCloseable {

    static final int MAX_BATCH = 512;
    static final int ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final String REQUEST_INSERT = """
            INSERT INTO ledger_requests (request_id, received_at, day, key_id, key_name, team, endpoint, model,
              stream, deployment, provider, status, error_code, input_tokens, cached_input_tokens, cache_write_tokens,
              output_tokens, reasoning_tokens, usage_counted, cost_micro_usd, latency_micros, ttft_micros, attempts,
              failover, cache_hit, client_gone, route_tier, route_score, route_threshold, router_revision, purpose,
              shadow_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String ATTEMPT_INSERT = """
            INSERT INTO ledger_attempts (request_id, attempt, deployment, provider, outcome, upstream_status, committed,
              input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_counted,
              cost_micro_usd, latency_micros, ttft_micros)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /**
     * Why a request was made: a client's own ({@link #CLIENT}), or Hedge's on behalf of a client's request
     * (shadow comparisons: the strong tier's answer, the judge's verdict). Hedge's own requests are recorded
     * under the client's key and team but are not charged to their budgets.
     *
     * @param label {@code client}, {@code shadow} or {@code judge} (the {@code purpose} column)
     * @param shadowOf the client's request it was made for (the {@code shadow_of} column)
     */
    public record Purpose(String label, java.util.Optional<String> shadowOf) {

        public static final Purpose CLIENT = new Purpose("client", java.util.Optional.empty());

        /** Hedge's request {@code label} for the client's request {@code requestId}. */
        public static Purpose onBehalfOf(String label, String requestId) {
            return new Purpose(label, java.util.Optional.of(requestId));
        }
    }

    private record Pending(RequestLog request, Purpose purpose, CompletableFuture<Void> durable) {}

    /** Queued by {@link #close()}: write what came before, then stop. Never written itself. */
    private static final Pending STOP = new Pending(stopMarker(), Purpose.CLIENT, new CompletableFuture<>());

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    LedgerWriter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = Thread.ofPlatform().name("hedge-ledger").daemon(true).start(this::run);
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
        CompletableFuture<Void> durable = new CompletableFuture<>();
        queue.add(new Pending(request, purpose, durable));
        if (closed && !thread.isAlive()) {
            // raced with close(): the writer is gone, so nothing would ever complete this request's stage
            releaseAbandoned();
        }
        return durable;
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
            LOG.error("ledger closed; request {} is not on record", pending.request().requestId());
            pending.durable().complete(null);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                writeWithRetries(batch);
            }
            batch.clear();
            if (stop) {
                List<Pending> rest = new ArrayList<>();
                queue.drainTo(rest);
                if (!rest.isEmpty()) {
                    writeWithRetries(rest);
                }
                return;
            }
        }
    }

    private void writeWithRetries(List<Pending> batch) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                write(batch);
                written.addAndGet(batch.size());
                batches.incrementAndGet();
                last = null;
                break;
            } catch (SQLException | RuntimeException e) {
                last = e instanceof SQLException sql ? sql : new SQLException(e);
                LOG.warn("ledger: writing {} requests failed (try {} of {}): {}", batch.size(), attempt, ATTEMPTS,
                        e.getMessage());
                sleepQuietly(50L * attempt);
            }
        }
        if (last != null) {
            failed.addAndGet(batch.size());
            LOG.error("ledger: gave up on {} requests: {}", batch.size(),
                    batch.stream().map(p -> p.request().requestId()).toList(), last);
        }
        for (Pending pending : batch) {
            pending.durable().complete(null);
        }
    }

    private void write(List<Pending> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement requests = connection.prepareStatement(REQUEST_INSERT);
                    PreparedStatement attempts = connection.prepareStatement(ATTEMPT_INSERT)) {
                for (Pending pending : batch) {
                    bindRequest(requests, pending.request(), pending.purpose());
                    requests.addBatch();
                    for (AttemptLog attempt : pending.request().attempts()) {
                        bindAttempt(attempts, attempt);
                        attempts.addBatch();
                    }
                }
                requests.executeBatch();
                attempts.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void bindRequest(PreparedStatement s, RequestLog r, Purpose purpose) throws SQLException {
        long cost = 0;
        for (AttemptLog attempt : r.attempts()) {
            cost += Cost.microUsd(attempt.usage(), attempt.deployment());
        }
        TokenUsage usage = r.usage();
        int i = 1;
        s.setString(i++, r.requestId());
        s.setLong(i++, r.receivedAt().toEpochMilli());
        s.setString(i++, LocalDate.ofInstant(r.receivedAt(), ZoneOffset.UTC).toString());
        s.setString(i++, r.caller().keyId());
        s.setString(i++, r.caller().keyName());
        setString(s, i++, r.caller().team().orElse(null));
        s.setString(i++, r.endpoint().label());
        s.setString(i++, r.model());
        s.setBoolean(i++, r.stream());
        setString(s, i++, r.deployment().map(d -> d.id()).orElse(null));
        setString(s, i++, r.deployment().map(d -> d.provider().name()).orElse(null));
        s.setInt(i++, r.status());
        setString(s, i++, r.errorCode().orElse(null));
        i = bindTokens(s, i, usage);
        s.setLong(i++, cost);
        s.setLong(i++, r.latencyNanos() / 1000);
        setMicros(s, i++, r.firstTokenNanos());
        s.setInt(i++, r.attempts().size());
        s.setBoolean(i++, r.attempts().size() > 1 && r.deployment().isPresent());
        s.setBoolean(i++, false);
        s.setBoolean(i++, r.clientGone());
        i = bindRoute(s, i, r.route());
        s.setString(i++, purpose.label());
        setString(s, i, purpose.shadowOf().orElse(null));
    }

    /** Binds the route columns from {@code first}; returns the next index. */
    private static int bindRoute(PreparedStatement s, int first, java.util.Optional<RouteDecision> route)
            throws SQLException {
        int i = first;
        if (route.isEmpty()) {
            s.setNull(i++, Types.VARCHAR);
            s.setNull(i++, Types.DOUBLE);
            s.setNull(i++, Types.DOUBLE);
            s.setNull(i++, Types.INTEGER);
            return i;
        }
        RouteDecision decision = route.get();
        s.setString(i++, decision.tier());
        s.setDouble(i++, decision.score());
        s.setDouble(i++, decision.threshold());
        s.setInt(i++, decision.routerRevision());
        return i;
    }

    private static void bindAttempt(PreparedStatement s, AttemptLog a) throws SQLException {
        int i = 1;
        s.setString(i++, a.requestId());
        s.setInt(i++, a.number());
        s.setString(i++, a.deployment().id());
        s.setString(i++, a.deployment().provider().name());
        s.setString(i++, a.failure().map(f -> f.kind().name().toLowerCase(java.util.Locale.ROOT)).orElse("ok"));
        int status = a.failure().map(f -> f.status()).orElse(0);
        if (status > 0) {
            s.setInt(i++, status);
        } else {
            s.setNull(i++, Types.INTEGER);
        }
        s.setBoolean(i++, a.committed());
        i = bindTokens(s, i, a.usage());
        s.setLong(i++, Cost.microUsd(a.usage(), a.deployment()));
        s.setLong(i++, a.latencyNanos() / 1000);
        setMicros(s, i, a.firstTokenNanos());
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

    private static void setMicros(PreparedStatement s, int index, OptionalLong nanos) throws SQLException {
        if (nanos.isPresent()) {
            s.setLong(index, nanos.getAsLong() / 1000);
        } else {
            s.setNull(index, Types.BIGINT);
        }
    }

    private static RequestLog stopMarker() {
        return new RequestLog("stop", java.time.Instant.EPOCH, dev.hedge.core.auth.Caller.master(),
                dev.hedge.core.gateway.Endpoint.CHAT, "", false, 0, java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(), TokenUsage.NONE, 0, OptionalLong.empty(), false);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
