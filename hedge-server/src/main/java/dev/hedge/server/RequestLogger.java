package dev.hedge.server;

import dev.hedge.core.gateway.GatewayListener;
import dev.hedge.core.gateway.RequestLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request to the logger {@code hedge.requests}: request id, key name, model,
 * deployment, status, tokens and latency. Keys and credentials never appear, only key names.
 */
public final class RequestLogger implements GatewayListener {

    private static final Logger LOG = LoggerFactory.getLogger("hedge.requests");

    @Override
    public void requestEnd(RequestLog request) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Line line = new Line()
                .field("request_id", request.requestId())
                .field("key", request.caller().keyName())
                .field("endpoint", request.endpoint().label())
                .field("model", request.model())
                .field("stream", request.stream())
                .field("status", request.status());
        request.caller().team().ifPresent(team -> line.field("team", team));
        request.deployment().ifPresent(deployment -> line.field("deployment", deployment.id()));
        request.errorCode().ifPresent(code -> line.field("error", code));
        line.field("attempts", request.attempts().size())
                .field("prompt_tokens", request.usage().input())
                .field("completion_tokens", request.usage().output());
        if (request.usage().cachedInput() > 0) {
            line.field("cached_tokens", request.usage().cachedInput());
        }
        if (request.usage().counted()) {
            line.field("tokens_counted", true);
        }
        line.millis("latency_ms", request.latencyNanos());
        request.firstTokenNanos().ifPresent(ttft -> line.millis("ttft_ms", ttft));
        if (request.clientGone()) {
            line.field("client_gone", true);
        }
        LOG.info(line.end());
    }

    /**
     * Logs a request the gateway did not see: refused before it (authentication, size, parsing, unknown path)
     * or served beside it (model list, admin API).
     *
     * @param error the error code, null when the request succeeded
     */
    public void answered(String requestId, String method, String path, int status, @Nullable String error,
            @Nullable String keyName, long latencyNanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Line line = new Line()
                .field("request_id", requestId)
                .field("method", method)
                .field("path", path)
                .field("status", status);
        if (error != null) {
            line.field("error", error);
        }
        if (keyName != null) {
            line.field("key", keyName);
        }
        LOG.info(line.millis("latency_ms", latencyNanos).end());
    }

    /** One JSON object written straight into a string: a log line per request should not cost a tree. */
    static final class Line {
        private final StringBuilder text = new StringBuilder(256).append('{');

        Line field(String name, String value) {
            name(name).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            text.append(String.format("\\u%04x", (int) c));
                        } else {
                            text.append(c);
                        }
                    }
                }
            }
            text.append('"');
            return this;
        }

        Line field(String name, long value) {
            name(name).append(value);
            return this;
        }

        Line field(String name, boolean value) {
            name(name).append(value);
            return this;
        }

        /** Milliseconds with two decimals, e.g. {@code 1.25}. */
        Line millis(String name, long nanos) {
            long hundredths = Math.round(nanos / 10_000.0);
            name(name).append(hundredths / 100).append('.');
            long fraction = hundredths % 100;
            if (fraction < 10) {
                text.append('0');
            }
            text.append(fraction);
            return this;
        }

        String end() {
            return text.append('}').toString();
        }

        private StringBuilder name(String name) {
            if (text.length() > 1) {
                text.append(',');
            }
            return text.append('"').append(name).append("\":");
        }
    }
}
