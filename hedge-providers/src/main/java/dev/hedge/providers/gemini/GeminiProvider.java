package dev.hedge.providers.gemini;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The {@code gemini} dialect: Google's Gemini API ({@code models/{model}:generateContent},
 * {@code :streamGenerateContent?alt=sse}, {@code :batchEmbedContents} under the base URL, default
 * {@value #DEFAULT_BASE_URL_TEXT}), the key sent as {@code x-goog-api-key}. Gemini reports no token count
 * for embeddings: the gateway counts them.
 */
public final class GeminiProvider implements Provider {

    static final String DEFAULT_BASE_URL_TEXT = "https://generativelanguage.googleapis.com/v1beta";
    /** The base URL when none is configured. */
    public static final URI DEFAULT_BASE_URL = URI.create(DEFAULT_BASE_URL_TEXT);

    private final ProviderSpec spec;
    private final UpstreamHttp http;
    private final DriftGuard guard;
    private final Ticker ticker;

    public GeminiProvider(Vertx vertx, ProviderSpec spec, DriftGuard guard, Ticker ticker) {
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
        String model = modelOf(call.request().model());
        long created = ticker.now().getEpochSecond();
        return UpstreamJson.send(() -> GeminiRequests.generate(name(), call.request()), body ->
                http.exchangeJson(modelPath(model, ":generateContent"), headers(false), body, call,
                        answer -> GeminiResponses.completion(guard, model, UpstreamJson.tree(name(), answer), created,
                                http.secrets(), n -> "call_" + created + "_" + n)));
    }

    @Override
    public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(UpstreamCall<ChatCompletionRequest> call) {
        String model = modelOf(call.request().model());
        long created = ticker.now().getEpochSecond();
        return UpstreamJson.send(() -> GeminiRequests.generate(name(), call.request()), body ->
                http.exchangeStream(modelPath(model, ":streamGenerateContent?alt=sse"), headers(true), body,
                        call, new GeminiStreamDecoder(guard, model, created, http.secrets())));
    }

    @Override
    public CompletionStage<EmbeddingResponse> embed(UpstreamCall<EmbeddingRequest> call) {
        String model = modelOf(call.request().model());
        return UpstreamJson.send(() -> GeminiRequests.embed(name(), model, call.request()), body ->
                http.exchangeJson(modelPath(model, ":batchEmbedContents"), headers(false), body, call,
                        answer -> GeminiResponses.embeddings(name(), model, UpstreamJson.tree(name(), answer),
                                http.secrets(), call.request().wantsBase64(), 0)));
    }

    @Override
    public void close() {
        http.close();
    }

    private static String modelPath(String model, String action) {
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return "/models/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + action;
    }

    private static String modelOf(@org.jspecify.annotations.Nullable String model) {
        return model == null ? "" : model;
    }

    private MultiMap headers(boolean stream) {
        return http.jsonHeaders(stream, headers -> spec.apiKey().ifPresent(key -> headers.set("x-goog-api-key",
                key.reveal())));
    }
}
