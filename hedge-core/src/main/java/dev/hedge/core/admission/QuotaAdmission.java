package dev.hedge.core.admission;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.gateway.AttemptLog;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.Cost;
import dev.hedge.core.time.Ticker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Admission by budgets and rate limits. Before a request goes upstream it reserves its worst-case cost —
 * prompt tokens counted, plus {@code max_tokens} (else the deployment's output limit, else what the context
 * window leaves, else {@value #DEFAULT_OUTPUT_TOKENS}) priced at the dearest deployment of the model —
 * against its key's and its team's budgets, and one request plus its estimated tokens against their
 * per-minute limits. When the request is over, its ticket settles what every attempt really cost and
 * releases the rest. The master key is never limited.
 */
public final class QuotaAdmission implements Admission {

    /** Output tokens assumed when neither the request nor the deployment bounds them. */
    static final int DEFAULT_OUTPUT_TOKENS = 4096;

    private final LimitsSource limits;
    private final Quotas quotas;
    private final Ticker ticker;

    public QuotaAdmission(LimitsSource limits, Quotas quotas, Ticker ticker) {
        this.limits = limits;
        this.quotas = quotas;
        this.ticker = ticker;
    }

    @Override
    public CompletionStage<Ticket> admit(Request request) {
        Caller caller = request.context().caller();
        if (caller.admin()) {
            return CompletableFuture.completedFuture(Ticket.NONE);
        }
        return limits.limits(caller).thenCompose(found -> {
            if (found.key().none() && found.team().none()) {
                return CompletableFuture.completedFuture(Ticket.NONE);
            }
            boolean needsTokens = found.key().budget().isPresent() || found.team().budget().isPresent()
                    || found.key().tpm().isPresent() || found.team().tpm().isPresent();
            CompletionStage<Integer> prompt = needsTokens
                    ? request.promptTokens().counted()
                    : CompletableFuture.completedFuture(0);
            return prompt.thenCompose(tokens -> {
                Quotas.Claim claim = claim(request, caller, found, tokens);
                return quotas.reserve(claim).thenApply(reserved -> (Ticket) log -> settle(claim, log));
            });
        });
    }

    private Quotas.Claim claim(Request request, Caller caller, LimitsSource.CallerLimits found, int prompt) {
        long worst = 0;
        for (Deployment deployment : request.model().deployments()) {
            DeploymentSpec spec = deployment.spec();
            worst = Math.max(worst, Cost.worstCaseMicroUsd(prompt, outputBound(spec, prompt, request.maxOutputTokens()),
                    spec.prices()));
        }
        Instant now = ticker.now();
        List<Quotas.BudgetLine> budgets = new ArrayList<>();
        List<Quotas.RateLine> rates = new ArrayList<>();
        String keyScope = "key:" + caller.keyId();
        String keyLabel = "key '%s'".formatted(caller.keyName());
        lines(found.key(), keyScope, keyLabel, now, budgets, rates);
        caller.team().ifPresent(team -> lines(found.team(), "team:" + team, "team '%s'".formatted(team), now, budgets,
                rates));
        long estimatedTokens = prompt + (long) Math.max(0, request.maxOutputTokens());
        return new Quotas.Claim(request.context().requestId(), now, worst, estimatedTokens, budgets, rates);
    }

    private static void lines(Limits limits, String scope, String label, Instant now, List<Quotas.BudgetLine> budgets,
            List<Quotas.RateLine> rates) {
        limits.budget().ifPresent(budget -> budgets.add(new Quotas.BudgetLine(scope, label, budget,
                budget.period().window(now))));
        limits.rpm().ifPresent(rpm -> rates.add(new Quotas.RateLine(scope, label, Quotas.RateKind.REQUESTS, rpm)));
        limits.tpm().ifPresent(tpm -> rates.add(new Quotas.RateLine(scope, label, Quotas.RateKind.TOKENS, tpm)));
    }

    /** The most output a call to {@code spec} can produce. */
    static long outputBound(DeploymentSpec spec, int promptTokens, int requested) {
        if (requested > 0) {
            return spec.maxOutputTokens().isPresent() ? Math.min(requested, spec.maxOutputTokens().getAsInt()) : requested;
        }
        if (spec.maxOutputTokens().isPresent()) {
            return spec.maxOutputTokens().getAsInt();
        }
        if (spec.contextWindow().isPresent()) {
            return Math.max(0, spec.contextWindow().getAsInt() - promptTokens);
        }
        return DEFAULT_OUTPUT_TOKENS;
    }

    private void settle(Quotas.Claim claim, RequestLog log) {
        quotas.settle(claim, actualMicroUsd(log), actualTokens(log));
    }

    /** What every attempt of a request cost, in micro-dollars. */
    public static long actualMicroUsd(RequestLog log) {
        long total = 0;
        for (AttemptLog attempt : log.attempts()) {
            total += Cost.microUsd(attempt.usage(), attempt.deployment());
        }
        return total;
    }

    private static long actualTokens(RequestLog log) {
        long total = 0;
        for (AttemptLog attempt : log.attempts()) {
            total += attempt.usage().total();
        }
        return total;
    }
}
