package dev.hedge.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.error.ErrorType;
import dev.hedge.api.json.Json;
import dev.hedge.core.admission.Limits;
import dev.hedge.core.auth.Authenticator;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.server.HedgeServer;
import dev.hedge.server.JsonRoute;
import dev.hedge.store.StoreLimitsSource;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The admin API (master key only): {@code POST/GET /admin/keys}, {@code DELETE /admin/keys/{id-or-name}},
 * {@code POST/GET /admin/teams}, {@code DELETE /admin/teams/{name}}. Bodies use the CLI's words in
 * snake_case: {@code name, team, models, budget_usd, budget_period, rpm, tpm}. Changes apply to this
 * process at once and to others within seconds.
 */
public final class AdminApi {

    private static final Set<String> KEY_FIELDS = Set.of("name", "team", "models", "budget_usd", "budget_period",
            "rpm", "tpm");
    private static final Set<String> TEAM_FIELDS = Set.of("name", "budget_usd", "budget_period", "rpm", "tpm");

    private final KeyAdmin admin;
    private final Authenticator authenticator;
    private final StoreLimitsSource limits;
    private final Executor blocking;

    public AdminApi(KeyAdmin admin, Authenticator authenticator, StoreLimitsSource limits, Executor blocking) {
        this.admin = admin;
        this.authenticator = authenticator;
        this.limits = limits;
        this.blocking = blocking;
    }

    /** Adds the admin routes to {@code server}. */
    public void register(HedgeServer.Builder server) {
        server.route(HttpMethod.POST, "/admin/keys", true, (caller, rest, body) -> call(() -> createKey(body)));
        server.route(HttpMethod.GET, "/admin/keys", true, (caller, rest, body) -> call(() -> JsonRoute.JsonReply.ok(
                Map.of("object", "list", "data", admin.listKeys().stream()
                        .map(k -> KeyAdmin.describe(k.key(), k.limits())).toList()))));
        server.route(HttpMethod.DELETE, "/admin/keys/*", true, (caller, rest, body) -> call(() -> {
            var revoked = admin.revokeKey(rest);
            authenticator.forget(revoked.hash());
            limits.forget();
            return JsonRoute.JsonReply.ok(Map.of("id", revoked.id(), "name", revoked.name(), "revoked", true));
        }));
        server.route(HttpMethod.POST, "/admin/teams", true, (caller, rest, body) -> call(() -> putTeam(body)));
        server.route(HttpMethod.GET, "/admin/teams", true, (caller, rest, body) -> call(() -> JsonRoute.JsonReply.ok(
                Map.of("object", "list", "data", admin.teams().stream().map(KeyAdmin::describe).toList()))));
        server.route(HttpMethod.DELETE, "/admin/teams/*", true, (caller, rest, body) -> call(() -> {
            admin.deleteTeam(rest);
            limits.forget();
            return JsonRoute.JsonReply.ok(Map.of("name", rest, "deleted", true));
        }));
    }

    private JsonRoute.JsonReply createKey(byte[] body) {
        JsonNode json = object(body, KEY_FIELDS);
        List<String> models = new ArrayList<>();
        JsonNode modelNode = json.path("models");
        if (!modelNode.isMissingNode() && !modelNode.isNull()) {
            if (!modelNode.isArray()) {
                throw invalid("models: expected an array of model names", "models");
            }
            modelNode.forEach(m -> models.add(m.asText()));
        }
        KeyAdmin.Created created = admin.createKey(requiredText(json, "name"), text(json, "team"), models,
                limits(json));
        limits.forget();
        Map<String, Object> out = new java.util.LinkedHashMap<>(KeyAdmin.describe(created.key(), created.limits()));
        out.put("key", created.secret());
        return new JsonRoute.JsonReply(201, out);
    }

    private JsonRoute.JsonReply putTeam(byte[] body) {
        JsonNode json = object(body, TEAM_FIELDS);
        var team = admin.putTeam(requiredText(json, "name"), limits(json));
        limits.forget();
        return JsonRoute.JsonReply.ok(KeyAdmin.describe(team));
    }

    private static Limits limits(JsonNode json) {
        Optional<BigDecimal> budget = Optional.empty();
        JsonNode usd = json.path("budget_usd");
        if (!usd.isMissingNode() && !usd.isNull()) {
            try {
                budget = Optional.of(new BigDecimal(usd.asText()));
            } catch (NumberFormatException e) {
                throw invalid("budget_usd: '%s' (expected: a number of dollars)".formatted(usd.asText()), "budget_usd");
            }
        }
        return new KeyAdmin.LimitsInput(budget, text(json, "budget_period"), integer(json, "rpm"),
                integer(json, "tpm")).toLimits("");
    }

    private static JsonNode object(byte[] body, Set<String> fields) {
        JsonNode json;
        try {
            json = Json.tree(body);
        } catch (IOException e) {
            throw invalid("The body is not valid JSON: " + e.getMessage(), null);
        }
        if (json == null || !json.isObject()) {
            throw invalid("The body must be a JSON object.", null);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid("Unknown field '%s' (expected: %s).".formatted(name, String.join(", ", fields.stream()
                        .sorted().toList())), name);
            }
        }
        return json;
    }

    private static String requiredText(JsonNode json, String field) {
        return text(json, field).orElseThrow(() -> invalid("Missing required parameter: '%s'.".formatted(field), field));
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode node = json.path(field);
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    private static OptionalInt integer(JsonNode json, String field) {
        JsonNode node = json.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw invalid("%s: '%s' (expected: a whole number)".formatted(field, node.asText()), field);
        }
        return OptionalInt.of(node.asInt());
    }

    private static GatewayException invalid(String message, @org.jspecify.annotations.Nullable String param) {
        return GatewayException.of(400, ErrorType.INVALID_REQUEST, message, param, "invalid_admin_request");
    }

    /** Runs a store operation off the event loop; argument errors become 400s. */
    private CompletionStage<JsonRoute.JsonReply> call(Supplier<JsonRoute.JsonReply> operation) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return operation.get();
            } catch (GatewayException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                String message = e.getMessage() == null ? "invalid request" : e.getMessage();
                int status = message.startsWith("no ") ? 404 : 400;
                throw GatewayException.of(status, status == 404 ? ErrorType.NOT_FOUND : ErrorType.INVALID_REQUEST,
                        message, null, status == 404 ? "not_found" : "invalid_admin_request");
            }
        }, blocking);
    }
}
