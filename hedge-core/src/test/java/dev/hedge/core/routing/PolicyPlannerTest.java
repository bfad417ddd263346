package dev.hedge.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.resilience.DeploymentHealth;
import dev.hedge.core.resilience.DeploymentRegistry;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.core.tokens.PromptTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PolicyPlannerTest {

    private final ManualTicker ticker = new ManualTicker();
    private final DeploymentRegistry registry = new DeploymentRegistry(ticker);
    private final PolicyPlanner planner = new PolicyPlanner(registry, new SplittableRandom(42));
    private final RequestContext context = new RequestContext("r", Caller.master(), Runnable::run,
            Cancellation.create(), 0);

    private static Provider provider(String name) {
        return new Provider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<dev.hedge.api.chat.ChatCompletion> chat(
                    dev.hedge.core.provider.UpstreamCall<dev.hedge.api.chat.ChatCompletionRequest> call) {
                return CompletableFuture.failedFuture(ProviderException.unsupported(name, "test"));
            }

            @Override
            public CompletableFuture<dev.hedge.core.provider.UpstreamStream<dev.hedge.api.chat.ChatCompletionChunk>> streamChat(
                    dev.hedge.core.provider.UpstreamCall<dev.hedge.api.chat.ChatCompletionRequest> call) {
                return CompletableFuture.failedFuture(ProviderException.unsupported(name, "test"));
            }
        };
    }

    private static DeploymentSpec deployment(String provider, int weight, String input, String output) {
        Prices prices = input == null ? Prices.UNKNOWN : Prices.of(new BigDecimal(input), new BigDecimal(output));
        return new DeploymentSpec(provider, "m", prices, OptionalInt.empty(), OptionalInt.empty(), weight,
                OptionalInt.empty());
    }

    private static RoutedModel model(RoutingPolicy policy, DeploymentSpec... deployments) {
        ModelSpec spec = new ModelSpec("x", List.of(deployments), Timeouts.DEFAULTS, policy, Retries.DEFAULTS,
                new BreakerSettings(1, 100, 10, 10, Duration.ofSeconds(30), 1), java.util.Optional.empty());
        List<Provider> providers = java.util.Arrays.stream(deployments).map(d -> provider(d.provider())).toList();
        return Catalog.of(List.of(), providers, List.of(spec)).resolve("x").orElseThrow();
    }

    private List<String> plan(RoutedModel model) {
        return planner.plan(model, context).stream().map(Deployment::id).toList();
    }

    @Test
    void fallbackKeepsConfigurationOrder() {
        RoutedModel model = model(RoutingPolicy.FALLBACK, deployment("a", 1, null, null), deployment("b", 9, null, null));
        assertThat(plan(model)).containsExactly("a/m", "b/m");
    }

    @Test
    void weightedPicksFirstInProportionToWeight() {
        RoutedModel model = model(RoutingPolicy.WEIGHTED, deployment("a", 3, null, null), deployment("b", 1, null, null));
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            List<String> order = plan(model);
            assertThat(order).containsExactlyInAnyOrder("a/m", "b/m");
            first.merge(order.getFirst(), 1, Integer::sum);
        }
        assertThat(first.get("a/m")).isBetween(2800, 3200);
    }

    @Test
    void cheapestOrdersByPriceWithUnknownPricesLast() {
        RoutedModel model = model(RoutingPolicy.CHEAPEST, deployment("unknown", 1, null, null),
                deployment("dear", 1, "5", "15"), deployment("cheap", 1, "0.1", "0.4"));
        assertThat(plan(model)).containsExactly("cheap/m", "dear/m", "unknown/m");
    }

    private void record(RoutedModel model, String id, DeploymentHealth.Verdict verdict, Duration latency) {
        Deployment deployment = model.deployments().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
        registry.health(deployment, model.spec().breaker()).tryAcquire().orElseThrow()
                .end(verdict, latency.toNanos(), -1);
    }

    @Test
    void leastLatencyPrefersTheFasterOfTwoAndPutsTrippedDeploymentsLast() {
        RoutedModel model = model(RoutingPolicy.LEAST_LATENCY, deployment("slow", 1, null, null),
                deployment("fast", 1, null, null));
        record(model, "slow/m", DeploymentHealth.Verdict.SUCCESS, Duration.ofMillis(900));
        record(model, "fast/m", DeploymentHealth.Verdict.SUCCESS, Duration.ofMillis(100));
        for (int i = 0; i < 20; i++) {
            assertThat(plan(model)).containsExactly("fast/m", "slow/m");
        }

        record(model, "fast/m", DeploymentHealth.Verdict.FAILURE, Duration.ofMillis(5));
        assertThat(plan(model)).as("the breaker of fast opened after one failure").containsExactly("slow/m", "fast/m");
    }

    @Test
    void contextWindowsKeepOnlyDeploymentsThatHoldThePromptAndOutput() {
        RoutedModel model = Catalog.of(List.of(), List.of(provider("small"), provider("big"), provider("any")),
                List.of(ModelSpec.of("x",
                        new DeploymentSpec("small", "m", Prices.UNKNOWN, OptionalInt.of(100), OptionalInt.empty(), 1, OptionalInt.empty()),
                        new DeploymentSpec("big", "m", Prices.UNKNOWN, OptionalInt.of(1000), OptionalInt.empty(), 1, OptionalInt.empty()),
                        DeploymentSpec.of("any", "m", Prices.UNKNOWN))))
                .resolve("x").orElseThrow();
        assertThat(ContextWindows.fit(model.deployments(), PromptTokens.of(() -> 90, () -> 500), 10)).extracting(Deployment::id)
                .containsExactly("small/m", "big/m", "any/m");
        assertThat(ContextWindows.fit(model.deployments(), PromptTokens.of(() -> 90, () -> 500), 11)).extracting(Deployment::id)
                .containsExactly("big/m", "any/m");
        assertThat(ContextWindows.fit(model.deployments(), PromptTokens.exactly(100), 0)).extracting(Deployment::id)
                .containsExactly("big/m", "any/m");
    }

    @Test
    void aPromptWhoseBoundFitsEveryWindowIsNotCounted() {
        RoutedModel model = Catalog.of(List.of(), List.of(provider("small"), provider("big")),
                List.of(ModelSpec.of("x",
                        new DeploymentSpec("small", "m", Prices.UNKNOWN, OptionalInt.of(100), OptionalInt.empty(), 1, OptionalInt.empty()),
                        new DeploymentSpec("big", "m", Prices.UNKNOWN, OptionalInt.of(1000), OptionalInt.empty(), 1, OptionalInt.empty()))))
                .resolve("x").orElseThrow();
        int[] counts = {0};
        PromptTokens small = PromptTokens.of(() -> ++counts[0], () -> 99);
        assertThat(ContextWindows.fit(model.deployments(), small, 1)).hasSize(2);
        assertThat(counts[0]).as("counted although the bound fits every window").isZero();
        PromptTokens large = PromptTokens.of(() -> 150 + counts[0]++, () -> 400);
        assertThat(ContextWindows.fit(model.deployments(), large, 1)).extracting(Deployment::id).containsExactly("big/m");
        assertThat(large.count()).isEqualTo(150);
        assertThat(counts[0]).as("counted once, then remembered").isEqualTo(1);
    }

    @Test
    void everyPolicyHasAConfigNameAndUnknownNamesAreRefused() {
        for (RoutingPolicy policy : RoutingPolicy.values()) {
            assertThat(RoutingPolicy.parse(policy.configName())).contains(policy);
        }
        assertThat(RoutingPolicy.parse("round-robin")).isEmpty();
        assertThat(RoutingPolicy.names()).isEqualTo("fallback, weighted, least-latency, cheapest");
    }
}
