package dev.hedge.app.admin;

import dev.hedge.core.admission.Budget;
import dev.hedge.core.admission.BudgetPeriod;
import dev.hedge.core.admission.Limits;
import dev.hedge.core.auth.KeyHash;
import dev.hedge.core.auth.VirtualKey;
import dev.hedge.core.metering.Cost;
import dev.hedge.store.Store;
import dev.hedge.store.Team;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Creates, lists and revokes keys and teams with their budgets and limits, on a store. One implementation
 * behind both the CLI and the admin API, so they cannot disagree. Argument errors are
 * {@link IllegalArgumentException}s naming the field.
 */
public final class KeyAdmin {

    private final Store store;
    private final Clock clock;

    public KeyAdmin(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * What a new key (or a team) may use, as given by a user.
     *
     * @param budgetUsd dollars, at most 6 decimals
     * @param budgetPeriod {@code daily}, {@code monthly} (default) or {@code total}
     */
    public record LimitsInput(Optional<BigDecimal> budgetUsd, Optional<String> budgetPeriod, OptionalInt rpm,
            OptionalInt tpm) {

        public static final LimitsInput NONE = new LimitsInput(Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty());

        /** @throws IllegalArgumentException naming the bad value */
        public Limits toLimits(String prefix) {
            if (budgetPeriod.isPresent() && budgetUsd.isEmpty()) {
                throw new IllegalArgumentException(prefix + "budget-period: given without a budget (expected: with "
                        + prefix + "budget-usd)");
            }
            Optional<Budget> budget = budgetUsd.map(usd -> {
                long micros;
                try {
                    micros = Cost.microUsd(usd);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(prefix + "budget-usd: " + e.getMessage().replace("usd: ", ""));
                }
                BudgetPeriod period = budgetPeriod.map(name -> BudgetPeriod.parse(name).orElseThrow(() ->
                        new IllegalArgumentException("%sbudget-period: '%s' (expected: daily, monthly or total)"
                                .formatted(prefix, name)))).orElse(BudgetPeriod.MONTHLY);
                return new Budget(micros, period);
            });
            requirePositive(prefix + "rpm", rpm);
            requirePositive(prefix + "tpm", tpm);
            return new Limits(budget, rpm, tpm);
        }

        private static void requirePositive(String name, OptionalInt value) {
            if (value.isPresent() && value.getAsInt() <= 0) {
                throw new IllegalArgumentException("%s: %d (expected: > 0)".formatted(name, value.getAsInt()));
            }
        }
    }

    /** A created key: the secret, shown once, and what was stored. */
    public record Created(String secret, VirtualKey key, Limits limits) {}

    /** A stored key with its limits, for lists. */
    public record Listed(VirtualKey key, Limits limits) {}

    public Created createKey(String name, Optional<String> team, List<String> models, Limits limits) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: empty (expected: a name)");
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String model : models) {
            if (!model.isBlank()) {
                allowed.add(model.strip());
            }
        }
        String secret = KeyHash.newKey();
        VirtualKey key = new VirtualKey("key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                name.strip(), KeyHash.prefix(secret), KeyHash.of(secret),
                team.map(String::strip).filter(t -> !t.isEmpty()), allowed,
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), Optional.empty());
        store.keys().insert(key);
        if (!limits.none()) {
            store.limits().setKeyLimits(key.id(), limits);
        }
        return new Created(secret, key, limits);
    }

    public List<Listed> listKeys() {
        return store.keys().list().stream().map(key -> new Listed(key, store.limits().keyLimits(key.id()))).toList();
    }

    /** @throws IllegalArgumentException when no active key has this id or name */
    public VirtualKey revokeKey(String idOrName) {
        return store.keys().revoke(idOrName).orElseThrow(() ->
                new IllegalArgumentException("no active key with id or name '%s'".formatted(idOrName)));
    }

    public Team putTeam(String name, Limits limits) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: empty (expected: a team name)");
        }
        return store.limits().putTeam(name.strip(), limits, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    }

    public List<Team> teams() {
        return store.limits().teams();
    }

    /** @throws IllegalArgumentException when there is no such team */
    public void deleteTeam(String name) {
        if (!store.limits().deleteTeam(name)) {
            throw new IllegalArgumentException("no team named '%s'".formatted(name));
        }
    }

    /** A key as the admin API and {@code keys list --format json} show it: never the key or its hash. */
    public static Map<String, Object> describe(VirtualKey key, Limits limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", key.id());
        out.put("name", key.name());
        out.put("prefix", key.prefix());
        out.put("team", key.team().orElse(null));
        out.put("models", key.models());
        out.put("created_at", key.createdAt().toString());
        out.put("revoked_at", key.revokedAt().map(Instant::toString).orElse(null));
        out.putAll(describe(limits));
        return out;
    }

    public static Map<String, Object> describe(Team team) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", team.name());
        out.putAll(describe(team.limits()));
        out.put("created_at", team.createdAt().toString());
        return out;
    }

    static Map<String, Object> describe(Limits limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("budget_usd", limits.budget().map(b -> Cost.usd(b.limitMicroUsd()).stripTrailingZeros().toPlainString())
                .orElse(null));
        out.put("budget_period", limits.budget().map(b -> b.period().configName()).orElse(null));
        out.put("rpm", limits.rpm().isPresent() ? limits.rpm().getAsInt() : null);
        out.put("tpm", limits.tpm().isPresent() ? limits.tpm().getAsInt() : null);
        return out;
    }

    /** Limits in one short line, e.g. {@code $5 monthly, 60 rpm}; {@code -} when none. */
    public static String summary(Limits limits) {
        List<String> parts = new java.util.ArrayList<>();
        limits.budget().ifPresent(b -> parts.add(b.toString()));
        if (limits.rpm().isPresent()) {
            parts.add(limits.rpm().getAsInt() + " rpm");
        }
        if (limits.tpm().isPresent()) {
            parts.add(limits.tpm().getAsInt() + " tpm");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
