package dev.hedge.app.providers;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.StreamOptions;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.StreamSubscriber;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.SystemTicker;
import dev.hedge.core.time.Ticker;
import dev.hedge.providers.drift.DriftRegistry;
import dev.hedge.providers.drift.DriftSnapshot;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code hedge doctor}: sends each configured supplier a minimal chat request and a streamed one, through the
 * same provider and drift guard that serve traffic, and reports what works and what drifted.
 */
public final class Doctor {

    /** What one probe found. */
    public record Probe(String name, boolean ok, long millis, String detail) {}

    /**
     * What one provider showed.
     *
     * @param model the model probed, empty when none could be chosen
     */
    public record ProviderReport(String provider, String dialect, String model, List<Probe> probes,
            DriftSnapshot drift) {
        public boolean ok() {
            return !probes.isEmpty() && probes.stream().allMatch(Probe::ok);
        }
    }

    private final Duration timeout;
    private final Ticker ticker = SystemTicker.instance();

    public Doctor(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Probes every provider (or the one named) with the first model a deployment gives it, else
     * {@code model}.
     */
    public List<ProviderReport> examine(List<ProviderSpec> providers, List<ModelSpec> models, Optional<String> only,
            Optional<String> model) {
        List<ProviderReport> reports = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            for (ProviderSpec spec : providers) {
                if (only.isPresent() && !only.get().equals(spec.name())) {
                    continue;
                }
                reports.add(examine(vertx, spec, model.or(() -> firstModel(spec, models))));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        return reports;
    }

    private ProviderReport examine(Vertx vertx, ProviderSpec spec, Optional<String> model) {
        DriftRegistry drift = new DriftRegistry(ticker);
        if (model.isEmpty()) {
            return new ProviderReport(spec.name(), spec.dialect().configName(), "", List.of(new Probe("chat", false, 0,
                    "no deployment uses this provider; pass --model to name one of its models")), drift.snapshot());
        }
        List<Probe> probes = new ArrayList<>();
        try (Provider provider = Providers.create(vertx, spec, drift, ticker)) {
            probes.add(chat(provider, model.get()));
            probes.add(stream(provider, model.get(), spec.streamUsage()));
        }
        return new ProviderReport(spec.name(), spec.dialect().configName(), model.get(), probes, drift.snapshot());
    }

    private static Optional<String> firstModel(ProviderSpec spec, List<ModelSpec> models) {
        return models.stream().flatMap(m -> m.deployments().stream())
                .filter(d -> d.provider().equals(spec.name())).map(DeploymentSpec::model).findFirst();
    }

    private static ChatCompletionRequest request(String model) {
        ChatCompletionRequest minimal = ChatCompletionRequest.of(model,
                List.of(ChatMessage.user("Reply with the single word OK.")));
        return new ChatCompletionRequest(minimal.model(), minimal.messages(), null, null, 16, null, null, 0.0, null,
                null, null, null, null, null, null, null, null, null, null, null, minimal.extra());
    }

    private Probe chat(Provider provider, String model) {
        long start = ticker.nanos();
        try {
            ChatCompletion answer = await(provider.chat(new UpstreamCall<>(request(model), "doctor", Cancellation.create()))
                    .toCompletableFuture());
            ChatCompletion.Choice choice = answer.choices().isEmpty() ? null : answer.choices().getFirst();
            String text = choice == null ? "(no choice)" : quote(choice.message().text());
            return new Probe("chat", choice != null, millis(start), "%s finish=%s usage=%s".formatted(text,
                    choice == null ? "-" : choice.finishReason(), answer.usage() == null ? "none"
                            : answer.usage().promptTokens() + "/" + answer.usage().completionTokens()));
        } catch (ProviderException e) {
            return new Probe("chat", false, millis(start), describe(e));
        }
    }

    private Probe stream(Provider provider, String model, boolean askUsage) {
        long start = ticker.nanos();
        ChatCompletionRequest request = new ChatCompletionRequest(model, request(model).messages(), true,
                askUsage ? StreamOptions.withUsage() : null, 16, null, null, 0.0, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
        Cancellation cancellation = Cancellation.create();
        try {
            UpstreamStream<ChatCompletionChunk> stream = await(provider.streamChat(
                    new UpstreamCall<>(request, "doctor", cancellation)).toCompletableFuture());
            CompletableFuture<String> done = new CompletableFuture<>();
            StringBuilder text = new StringBuilder();
            int[] chunks = {0};
            String[] finish = {"-"};
            String[] usage = {"none"};
            stream.start(new StreamSubscriber<>() {
                @Override
                public void onNext(ChatCompletionChunk chunk) {
                    chunks[0]++;
                    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                        if (choice.delta().content() != null) {
                            text.append(choice.delta().content());
                        }
                        if (choice.finishReason() != null) {
                            finish[0] = choice.finishReason();
                        }
                    }
                    if (chunk.usage() != null) {
                        usage[0] = chunk.usage().promptTokens() + "/" + chunk.usage().completionTokens();
                    }
                }

                @Override
                public void onComplete() {
                    done.complete("%s %d chunks finish=%s usage=%s".formatted(quote(text.toString()), chunks[0],
                            finish[0], usage[0]));
                }

                @Override
                public void onError(ProviderException error) {
                    done.completeExceptionally(error);
                }
            });
            return new Probe("stream", true, millis(start), await(done));
        } catch (ProviderException e) {
            cancellation.cancel("doctor gave up");
            return new Probe("stream", false, millis(start), describe(e));
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ProviderException.timeout("doctor", "no answer within " + timeout);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof ProviderException pe) {
                throw pe;
            }
            throw ProviderException.protocol("doctor", String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.cancelled("doctor", "interrupted");
        }
    }

    private long millis(long start) {
        return ticker.elapsedNanos(start) / 1_000_000;
    }

    private static String describe(ProviderException e) {
        return e.kind().name().toLowerCase(java.util.Locale.ROOT) + (e.status() > 0 ? " " + e.status() : "") + ": "
                + e.getMessage();
    }

    private static String quote(String text) {
        String flat = text.replace('\n', ' ');
        return "\"" + (flat.length() > 40 ? flat.substring(0, 40) + "…" : flat) + "\"";
    }
}
