package dev.hedge.bench;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.Dialect;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.gateway.RoutePlanner;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route decision: resolve the public model name in a catalog of 50 models (plus a provider pass-through name)
 * and let the planner order its deployments. The planner is {@link RoutePlanner#IN_ORDER} on this branch;
 * the routing policies (weighted, least-latency, cheapest, router tiers) plug in here as they land.
 */
@State(Scope.Benchmark)
public class RouteBenchmark extends HotPathBenchmark {

    private Catalog catalog;
    private RequestContext context;
    // ---- add the routing policies here as they land (branch `resilience`: weighted, least-latency, cheapest;
    // branch `router`: the quality router's tier decision), one @Benchmark per planner ----
    private final RoutePlanner planner = RoutePlanner.IN_ORDER;

    @Setup
    public void setUp() {
        List<ProviderSpec> specs = List.of(
                ProviderSpec.of("a", Dialect.OPENAI, URI.create("http://127.0.0.1:1/v1"), Optional.empty()),
                ProviderSpec.of("b", Dialect.OPENAI, URI.create("http://127.0.0.1:2/v1"), Optional.empty()));
        Prices prices = Prices.of(new BigDecimal("0.15"), new BigDecimal("0.60"));
        List<ModelSpec> models = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            models.add(ModelSpec.of("model-" + i, DeploymentSpec.of("a", "m" + i, prices), DeploymentSpec.of("b", "m" + i, prices)));
        }
        models.add(ModelSpec.of("gpt-4o-mini", DeploymentSpec.of("a", "gpt-4o-mini", prices), DeploymentSpec.of("b", "gpt-4o-mini", prices)));
        catalog = Catalog.of(specs, List.of(new IdleProvider("a"), new IdleProvider("b")), models);
        context = new RequestContext("req_bench", Caller.master(), Runnable::run, Cancellation.create(), 0);
    }

    @Benchmark
    public List<Deployment> resolveAndPlan() {
        RoutedModel model = catalog.resolve("gpt-4o-mini").orElseThrow();
        return planner.plan(model, context);
    }

    @Benchmark
    public Optional<RoutedModel> resolveUnknown() {
        return catalog.resolve("no-such-model");
    }

    /** A provider that is never called: the benchmark stops at the routing decision. */
    private record IdleProvider(String name) implements Provider {
        @Override
        public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("not called"));
        }

        @Override
        public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("not called"));
        }

        @Override
        public void close() {}
    }
}
