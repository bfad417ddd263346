package dev.hedge.server.admin;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.gateway.Gateway;
import dev.hedge.core.resilience.DeploymentStats;
import dev.hedge.server.JsonRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /admin/deployments}: every deployment's health, as
 * {@code {"object":"list","data":[{"id","provider","model","breaker":{"state"},"in_flight","max_concurrency",
 * "calls","failures","rejected","error_rate","latency_ms":{"p50","p95","ewma"},
 * "time_to_first_token_ms":{"p50","p95"}, …sections}]}}. Times are milliseconds, -1 before the first sample.
 * Other concerns add an object per deployment through a {@link Section} (e.g. {@code drift}).
 */
public final class DeploymentsRoute implements JsonRoute {

    /** One more object per deployment, under {@link #key()}. */
    public interface Section {
        String key();

        /** The section's value for {@code deployment}; a JSON-writable value. */
        Object describe(DeploymentStats deployment);
    }

    private final Gateway gateway;
    private final List<Section> sections;

    public DeploymentsRoute(Gateway gateway, List<Section> sections) {
        this.gateway = gateway;
        this.sections = List.copyOf(sections);
    }

    @Override
    public CompletionStage<JsonReply> handle(Caller caller, String rest, byte[] body) {
        for (RoutedModel model : gateway.catalog().models()) {
            for (Deployment deployment : model.deployments()) {
                gateway.deployments().health(deployment, model.spec().breaker());
            }
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (DeploymentStats stats : gateway.deployments().stats()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", stats.id());
            entry.put("provider", stats.provider());
            entry.put("model", stats.model());
            entry.put("breaker", Map.of("state", stats.breaker().display()));
            entry.put("in_flight", stats.inFlight());
            entry.put("max_concurrency", stats.maxConcurrency().isPresent() ? stats.maxConcurrency().getAsInt() : null);
            entry.put("calls", stats.calls());
            entry.put("failures", stats.failures());
            entry.put("rejected", stats.rejected());
            entry.put("error_rate", stats.errorRate());
            entry.put("latency_ms", Map.of("p50", stats.latencyP50Ms(), "p95", stats.latencyP95Ms(),
                    "ewma", stats.latencyEwmaMs()));
            entry.put("time_to_first_token_ms", Map.of("p50", stats.firstTokenP50Ms(), "p95", stats.firstTokenP95Ms()));
            for (Section section : sections) {
                entry.put(section.key(), section.describe(stats));
            }
            data.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "list");
        answer.put("data", data);
        return CompletableFuture.completedFuture(JsonReply.ok(answer));
    }
}
