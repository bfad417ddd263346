package dev.hedge.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The order of a request's end, served as the server serves it (a serial executor; the answer written from a task
 * queued there when the reply completes): record, answer, then the listener, once, on every path.
 */
class ReportAfterAnswerTest {

    private final ManualTicker ticker = new ManualTicker();
    private final FakeProviders.Scripted upstream = new FakeProviders.Scripted("a");
    private final SerialExecutor loop = new SerialExecutor(Runnable::run);
    private final List<String> events = new ArrayList<>();
    private CompletableFuture<Void> ledger = CompletableFuture.completedFuture(null);

    private final Gateway gateway = Gateway.builder(Catalog.of(List.of(), List.of(upstream), List.of(new ModelSpec("m",
                    List.of(DeploymentSpec.of("a", "model-a", Prices.UNKNOWN)), Timeouts.DEFAULTS, RoutingPolicy.FALLBACK,
                    Retries.DEFAULTS, BreakerSettings.DEFAULTS, Optional.empty()))), ticker)
            .recorder(request -> {
                events.add("record " + request.status());
                return ledger;
            })
            .listener(new GatewayListener() {
                @Override
                public void attemptEnd(AttemptLog attempt) {
                    events.add(attempt.succeeded() ? "attempt ok" : "attempt failed");
                }

                @Override
                public void requestEnd(RequestLog request) {
                    events.add("request " + request.status());
                }
            })
            .build();

    /** Asks like the server: on the request's executor, answering from a task queued there by the reply. */
    private RequestContext ask(String model) {
        RequestContext context = new RequestContext("req_1", Caller.master(), loop, Cancellation.create(), ticker.nanos());
        loop.execute(() -> gateway.chat(context, FakeProviders.hello(model)).whenComplete((reply, error) ->
                loop.execute(() -> events.add(error == null ? "answer" : "answer " + status(error)))));
        return context;
    }

    private static int status(Throwable error) {
        return ((GatewayException) (error instanceof CompletionException ? error.getCause() : error)).status();
    }

    @Test
    void theAnswerWaitsForTheRecordAndTheListenerForTheAnswer() {
        ledger = new CompletableFuture<>();
        upstream.answers("hello");
        ask("m");
        assertThat(events).containsExactly("record 200");

        ledger.complete(null);
        assertThat(events).containsExactly("record 200", "answer", "attempt ok", "request 200");
    }

    @Test
    void aRequestThatFailedUpstreamIsReportedAfterItsErrorAnswer() {
        upstream.fails(ProviderException.status("a", 400, null, null));
        ask("m");
        assertThat(events).containsExactly("attempt failed", "record 400", "answer 400", "request 400");
    }

    @Test
    void aRequestRefusedBeforeAnyAttemptIsReportedAfterItsErrorAnswer() {
        ask("no-such-model");
        assertThat(events).containsExactly("record 404", "answer 404", "request 404");
    }

    @Test
    void aClientThatLeftIsReportedOnceAs499() {
        upstream.pending();
        RequestContext context = ask("m");
        assertThat(events).isEmpty();

        context.cancellation().cancel("client disconnected");
        assertThat(events).containsExactly("attempt failed", "record 499", "answer 499", "request 499");
    }
}
