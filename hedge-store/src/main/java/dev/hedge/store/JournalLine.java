package dev.hedge.store;

import dev.hedge.core.metering.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@link LedgerRow} as the journal holds it: a line of UTF-8 JSON written straight into a byte buffer that its
 * thread keeps ({@link #of}), because every request's path pays for it. Through Jackson (even with a hand-made
 * serializer) each line cost a generator, a serializer provider, a byte array builder and the array it returned;
 * here a line allocates nothing once its thread's buffer has grown to fit.
 *
 * <p>The bytes are the ones databind's bean serializer writes under {@code Json}'s configuration (components in
 * declaration order, {@code null} left out, and Jackson's escapes: a backslash before a quote or a backslash, a
 * backslash and a letter for the five usual control characters, a backslash, {@code u} and four upper-case hex
 * digits for the other control characters and for each surrogate, even the two halves of a pair; infinite and
 * not-a-number doubles quoted), because databind reads the journal back on recovery, a newer version reads an
 * older one's journal, and {@code JournalLineTest} holds the two to the same bytes for generated rows.
 */
final class JournalLine {

    /** A buffer grown past this by an unusually long row is not kept for the thread's next rows. */
    private static final int KEPT_BYTES = 16 * 1024;
    private static final ThreadLocal<JournalLine> LINES = ThreadLocal.withInitial(JournalLine::new);

    private static final byte[] REQUEST_ID = name("requestId");
    private static final byte[] RECEIVED_AT = name("receivedAt");
    private static final byte[] DAY = name("day");
    private static final byte[] KEY_ID = name("keyId");
    private static final byte[] KEY_NAME = name("keyName");
    private static final byte[] TEAM = name("team");
    private static final byte[] ENDPOINT = name("endpoint");
    private static final byte[] MODEL = name("model");
    private static final byte[] STREAM = name("stream");
    private static final byte[] DEPLOYMENT = name("deployment");
    private static final byte[] PROVIDER = name("provider");
    private static final byte[] STATUS = name("status");
    private static final byte[] ERROR_CODE = name("errorCode");
    private static final byte[] USAGE = name("usage");
    private static final byte[] COST_MICRO_USD = name("costMicroUsd");
    private static final byte[] LATENCY_MICROS = name("latencyMicros");
    private static final byte[] TTFT_MICROS = name("ttftMicros");
    private static final byte[] ATTEMPT_COUNT = name("attemptCount");
    private static final byte[] FAILOVER = name("failover");
    private static final byte[] CLIENT_GONE = name("clientGone");
    private static final byte[] ROUTE_TIER = name("routeTier");
    private static final byte[] ROUTE_SCORE = name("routeScore");
    private static final byte[] ROUTE_THRESHOLD = name("routeThreshold");
    private static final byte[] ROUTER_REVISION = name("routerRevision");
    private static final byte[] PURPOSE = name("purpose");
    private static final byte[] SHADOW_OF = name("shadowOf");
    private static final byte[] ATTEMPTS = name("attempts");
    private static final byte[] NUMBER = name("number");
    private static final byte[] OUTCOME = name("outcome");
    private static final byte[] UPSTREAM_STATUS = name("upstreamStatus");
    private static final byte[] COMMITTED = name("committed");
    private static final byte[] INPUT = name("input");
    private static final byte[] CACHED_INPUT = name("cachedInput");
    private static final byte[] CACHE_WRITE = name("cacheWrite");
    private static final byte[] OUTPUT = name("output");
    private static final byte[] REASONING = name("reasoning");
    private static final byte[] COUNTED = name("counted");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));

    /**
     * Per ASCII character, how Jackson writes it inside a string: 0 as it is, -1 as a six-character hex escape,
     * else a backslash and this letter.
     */
    private static final byte[] ESCAPES = new byte[128];

    static {
        Arrays.fill(ESCAPES, 0, 32, (byte) -1);
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['\t'] = 't';
        ESCAPES['\b'] = 'b';
        ESCAPES['\f'] = 'f';
    }

    private byte[] bytes = new byte[1024];
    private int length;

    /** This thread's line, holding {@code row}; valid until the thread's next call. */
    static JournalLine of(LedgerRow row) {
        JournalLine line = LINES.get();
        if (line.bytes.length > KEPT_BYTES) {
            line.bytes = new byte[1024];
        }
        line.write(row);
        return line;
    }

    /** The line's bytes: {@link #length} of them, from index 0, without the newline. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** The line as a new array, for tests. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Replaces the line with {@code row}'s. */
    JournalLine write(LedgerRow row) {
        length = 0;
        raw('{');
        string(REQUEST_ID, row.requestId());
        number(RECEIVED_AT, row.receivedAt());
        string(DAY, row.day());
        string(KEY_ID, row.keyId());
        string(KEY_NAME, row.keyName());
        string(TEAM, row.team());
        string(ENDPOINT, row.endpoint());
        string(MODEL, row.model());
        bool(STREAM, row.stream());
        string(DEPLOYMENT, row.deployment());
        string(PROVIDER, row.provider());
        number(STATUS, row.status());
        string(ERROR_CODE, row.errorCode());
        usage(row.usage());
        number(COST_MICRO_USD, row.costMicroUsd());
        number(LATENCY_MICROS, row.latencyMicros());
        if (row.ttftMicros() != null) {
            number(TTFT_MICROS, row.ttftMicros());
        }
        number(ATTEMPT_COUNT, row.attemptCount());
        bool(FAILOVER, row.failover());
        bool(CLIENT_GONE, row.clientGone());
        string(ROUTE_TIER, row.routeTier());
        decimal(ROUTE_SCORE, row.routeScore());
        decimal(ROUTE_THRESHOLD, row.routeThreshold());
        if (row.routerRevision() != null) {
            number(ROUTER_REVISION, row.routerRevision());
        }
        string(PURPOSE, row.purpose());
        string(SHADOW_OF, row.shadowOf());
        List<LedgerRow.Attempt> attempts = row.attempts();
        if (attempts != null) {
            field(ATTEMPTS);
            raw('[');
            for (int i = 0; i < attempts.size(); i++) {
                if (i > 0) {
                    raw(',');
                }
                LedgerRow.Attempt attempt = attempts.get(i);
                if (attempt == null) {
                    raw(NULL);
                } else {
                    attempt(attempt);
                }
            }
            raw(']');
        }
        raw('}');
        return this;
    }

    private void attempt(LedgerRow.Attempt a) {
        raw('{');
        number(NUMBER, a.number());
        string(DEPLOYMENT, a.deployment());
        string(PROVIDER, a.provider());
        string(OUTCOME, a.outcome());
        if (a.upstreamStatus() != null) {
            number(UPSTREAM_STATUS, a.upstreamStatus());
        }
        bool(COMMITTED, a.committed());
        usage(a.usage());
        number(COST_MICRO_USD, a.costMicroUsd());
        number(LATENCY_MICROS, a.latencyMicros());
        if (a.ttftMicros() != null) {
            number(TTFT_MICROS, a.ttftMicros());
        }
        raw('}');
    }

    private void usage(@Nullable TokenUsage u) {
        if (u == null) {
            return;
        }
        field(USAGE);
        raw('{');
        number(INPUT, u.input());
        number(CACHED_INPUT, u.cachedInput());
        number(CACHE_WRITE, u.cacheWrite());
        number(OUTPUT, u.output());
        number(REASONING, u.reasoning());
        bool(COUNTED, u.counted());
        raw('}');
    }

    /** {@code "name":}, after a comma unless it is the object's first field. */
    private void field(byte[] name) {
        ensure(name.length + 1);
        if (bytes[length - 1] != '{') {
            bytes[length++] = ',';
        }
        System.arraycopy(name, 0, bytes, length, name.length);
        length += name.length;
    }

    private void string(byte[] name, @Nullable String value) {
        if (value != null) {
            field(name);
            quoted(value);
        }
    }

    private void number(byte[] name, long value) {
        field(name);
        digits(value);
    }

    private void decimal(byte[] name, @Nullable Double value) {
        if (value == null) {
            return;
        }
        field(name);
        double d = value;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            quoted(Double.toString(d)); // Jackson quotes what JSON has no number for
        } else {
            raw(ascii(Double.toString(d)));
        }
    }

    private void bool(byte[] name, boolean value) {
        field(name);
        raw(value ? TRUE : FALSE);
    }

    private void digits(long value) {
        if (value == Long.MIN_VALUE) {
            raw(LONG_MIN);
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int count = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            count++;
        }
        int at = length + count;
        length = at;
        do {
            bytes[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
    }

    /** {@code value} in quotes, escaped and encoded as Jackson's UTF-8 generator does it. */
    private void quoted(String value) {
        int n = value.length();
        ensure(n * 6 + 2); // the most a char can take: \\uXXXX
        byte[] b = bytes;
        int at = length;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 128) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = escape;
                } else {
                    at = unicodeEscape(b, at, c);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(b, at, c); // Jackson escapes each half of a pair (and a lone one)
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[at++] = '"';
        length = at;
    }

    private static int unicodeEscape(byte[] b, int at, char c) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[(c >> 12) & 0xF];
        b[at++] = HEX[(c >> 8) & 0xF];
        b[at++] = HEX[(c >> 4) & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    private void raw(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
    }

    private void raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    private static byte[] name(String name) {
        return ascii('"' + name + "\":");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
