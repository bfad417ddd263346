package dev.hedge.providers.anthropic;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.Ticker;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.http.UpstreamHttp;
import dev.hedge.providers.http.UpstreamJson;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * The {@code anthropic} dialect: OpenAI chat requests sent to Anthropic's Messages API ({@code POST
 * /messages} under the base URL, {@code x-api-key}, {@code anthropic-version} from the provider's
 * {@code api-version}, default {@value #DEFAULT_VERSION}) and answered in OpenAI's shape. Anthropic has no
 * embeddings or text completions.
 */
public final class AnthropicProvider implements Provider {

    /** The base URL when none is configured. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com/v1");
    /** The {@code anthropic-version} header when the provider sets no {@code api-version}. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final ProviderSpec spec;
    private final UpstreamHttp http;
    private final DriftGuard guard;
    private final Ticker ticker;

    public AnthropicProvider(Vertx vertx, ProviderSpec spec, DriftGuard guard, Ticker ticker) {
        this.spec = spec;
        this.http = new UpstreamHttp(vertx, spec);
        this.guard = guard;
        this.ticker = ticker;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
        String model = modelOf(call.request());
        long created = ticker.now().getEpochSecond();
        return UpstreamJson.send(() -> AnthropicRequests.messages(name(), call.request(), false), body ->
                http.exchangeJson("/messages", headers(false), body, call, answer ->
                        AnthropicResponses.completion(guard, model, UpstreamJson.tree(name(), answer), created,
                                http.secrets())));
    }

    @Override
    public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
        String model = modelOf(call.request());
        long created = ticker.now().getEpochSecond();
        return UpstreamJson.send(() -> AnthropicRequests.messages(name(), call.request(), true), body ->
                http.exchangeStream("/messages", headers(true), body, call,
                        new AnthropicStreamDecoder(guard, model, created, http.secrets())));
    }

    @Override
    public void close() {
        http.close();
    }

    private static String modelOf(ChatCompletionRequest request) {
        return request.model() == null ? "" : request.model();
    }

    private MultiMap headers(boolean stream) {
        return http.jsonHeaders(stream, headers -> {
            headers.set("anthropic-version", spec.apiVersion().orElse(DEFAULT_VERSION));
            spec.apiKey().ifPresent(key -> headers.set("x-api-key", key.reveal()));
        });
    }
}
