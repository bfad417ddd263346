package dev.hedge.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.api.json.Json;
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
        ObjectNode line = Json.mapper().createObjectNode()
                .put("request_id", request.requestId())
                .put("key", request.caller().keyName())
                .put("endpoint", request.endpoint().label())
                .put("model", request.model())
                .put("stream", request.stream())
                .put("status", request.status());
        request.caller().team().ifPresent(team -> line.put("team", team));
        request.deployment().ifPresent(deployment -> line.put("deployment", deployment.id()));
        request.errorCode().ifPresent(code -> line.put("error", code));
        line.put("attempts", request.attempts().size())
                .put("prompt_tokens", request.usage().input())
                .put("completion_tokens", request.usage().output());
        if (request.usage().cachedInput() > 0) {
            line.put("cached_tokens", request.usage().cachedInput());
        }
        if (request.usage().counted()) {
            line.put("tokens_counted", true);
        }
        line.put("latency_ms", millis(request.latencyNanos()));
        request.firstTokenNanos().ifPresent(ttft -> line.put("ttft_ms", millis(ttft)));
        if (request.clientGone()) {
            line.put("client_gone", true);
        }
        LOG.info(line.toString());
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
        ObjectNode line = Json.mapper().createObjectNode()
                .put("request_id", requestId)
                .put("method", method)
                .put("path", path)
                .put("status", status);
        if (error != null) {
            line.put("error", error);
        }
        if (keyName != null) {
            line.put("key", keyName);
        }
        line.put("latency_ms", millis(latencyNanos));
        LOG.info(line.toString());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
