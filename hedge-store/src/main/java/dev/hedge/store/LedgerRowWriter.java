package dev.hedge.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.hedge.core.metering.TokenUsage;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link LedgerRow} as the journal stores it, on Jackson's streaming generator: the bytes databind's
 * bean serializer wrote under {@code Json}'s configuration (components in declaration order, {@code null} left
 * out), without its reflection. The journal is read back by databind on recovery, so the format is that one;
 * {@code LedgerRowWriterTest} holds the two to the same bytes.
 */
final class LedgerRowWriter extends StdSerializer<LedgerRow> {

    private static final SerializedString REQUEST_ID = name("requestId");
    private static final SerializedString RECEIVED_AT = name("receivedAt");
    private static final SerializedString DAY = name("day");
    private static final SerializedString KEY_ID = name("keyId");
    private static final SerializedString KEY_NAME = name("keyName");
    private static final SerializedString TEAM = name("team");
    private static final SerializedString ENDPOINT = name("endpoint");
    private static final SerializedString MODEL = name("model");
    private static final SerializedString STREAM = name("stream");
    private static final SerializedString DEPLOYMENT = name("deployment");
    private static final SerializedString PROVIDER = name("provider");
    private static final SerializedString STATUS = name("status");
    private static final SerializedString ERROR_CODE = name("errorCode");
    private static final SerializedString USAGE = name("usage");
    private static final SerializedString COST_MICRO_USD = name("costMicroUsd");
    private static final SerializedString LATENCY_MICROS = name("latencyMicros");
    private static final SerializedString TTFT_MICROS = name("ttftMicros");
    private static final SerializedString ATTEMPT_COUNT = name("attemptCount");
    private static final SerializedString FAILOVER = name("failover");
    private static final SerializedString CLIENT_GONE = name("clientGone");
    private static final SerializedString ROUTE_TIER = name("routeTier");
    private static final SerializedString ROUTE_SCORE = name("routeScore");
    private static final SerializedString ROUTE_THRESHOLD = name("routeThreshold");
    private static final SerializedString ROUTER_REVISION = name("routerRevision");
    private static final SerializedString PURPOSE = name("purpose");
    private static final SerializedString SHADOW_OF = name("shadowOf");
    private static final SerializedString ATTEMPTS = name("attempts");
    private static final SerializedString NUMBER = name("number");
    private static final SerializedString OUTCOME = name("outcome");
    private static final SerializedString UPSTREAM_STATUS = name("upstreamStatus");
    private static final SerializedString COMMITTED = name("committed");
    private static final SerializedString INPUT = name("input");
    private static final SerializedString CACHED_INPUT = name("cachedInput");
    private static final SerializedString CACHE_WRITE = name("cacheWrite");
    private static final SerializedString OUTPUT = name("output");
    private static final SerializedString REASONING = name("reasoning");
    private static final SerializedString COUNTED = name("counted");

    LedgerRowWriter() {
        super(LedgerRow.class);
    }

    @Override
    public void serialize(LedgerRow row, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        string(g, REQUEST_ID, row.requestId());
        number(g, RECEIVED_AT, row.receivedAt());
        string(g, DAY, row.day());
        string(g, KEY_ID, row.keyId());
        string(g, KEY_NAME, row.keyName());
        string(g, TEAM, row.team());
        string(g, ENDPOINT, row.endpoint());
        string(g, MODEL, row.model());
        bool(g, STREAM, row.stream());
        string(g, DEPLOYMENT, row.deployment());
        string(g, PROVIDER, row.provider());
        number(g, STATUS, row.status());
        string(g, ERROR_CODE, row.errorCode());
        usage(g, row.usage());
        number(g, COST_MICRO_USD, row.costMicroUsd());
        number(g, LATENCY_MICROS, row.latencyMicros());
        number(g, TTFT_MICROS, row.ttftMicros());
        number(g, ATTEMPT_COUNT, row.attemptCount());
        bool(g, FAILOVER, row.failover());
        bool(g, CLIENT_GONE, row.clientGone());
        string(g, ROUTE_TIER, row.routeTier());
        number(g, ROUTE_SCORE, row.routeScore());
        number(g, ROUTE_THRESHOLD, row.routeThreshold());
        number(g, ROUTER_REVISION, row.routerRevision());
        string(g, PURPOSE, row.purpose());
        string(g, SHADOW_OF, row.shadowOf());
        List<LedgerRow.Attempt> attempts = row.attempts();
        if (attempts != null) {
            g.writeFieldName(ATTEMPTS);
            g.writeStartArray(attempts, attempts.size());
            for (LedgerRow.Attempt attempt : attempts) {
                if (attempt == null) {
                    g.writeNull();
                } else {
                    attempt(g, attempt);
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void attempt(JsonGenerator g, LedgerRow.Attempt a) throws IOException {
        g.writeStartObject();
        number(g, NUMBER, a.number());
        string(g, DEPLOYMENT, a.deployment());
        string(g, PROVIDER, a.provider());
        string(g, OUTCOME, a.outcome());
        number(g, UPSTREAM_STATUS, a.upstreamStatus());
        bool(g, COMMITTED, a.committed());
        usage(g, a.usage());
        number(g, COST_MICRO_USD, a.costMicroUsd());
        number(g, LATENCY_MICROS, a.latencyMicros());
        number(g, TTFT_MICROS, a.ttftMicros());
        g.writeEndObject();
    }

    private static void usage(JsonGenerator g, @Nullable TokenUsage u) throws IOException {
        if (u == null) {
            return;
        }
        g.writeFieldName(USAGE);
        g.writeStartObject();
        number(g, INPUT, u.input());
        number(g, CACHED_INPUT, u.cachedInput());
        number(g, CACHE_WRITE, u.cacheWrite());
        number(g, OUTPUT, u.output());
        number(g, REASONING, u.reasoning());
        bool(g, COUNTED, u.counted());
        g.writeEndObject();
    }

    private static SerializedString name(String name) {
        return new SerializedString(name);
    }

    private static void string(JsonGenerator g, SerializableString name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    private static void number(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void number(JsonGenerator g, SerializableString name, int value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void number(JsonGenerator g, SerializableString name, @Nullable Long value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.longValue());
        }
    }

    private static void number(JsonGenerator g, SerializableString name, @Nullable Integer value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.intValue());
        }
    }

    private static void number(JsonGenerator g, SerializableString name, @Nullable Double value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.doubleValue());
        }
    }

    private static void bool(JsonGenerator g, SerializableString name, boolean value) throws IOException {
        g.writeFieldName(name);
        g.writeBoolean(value);
    }
}
