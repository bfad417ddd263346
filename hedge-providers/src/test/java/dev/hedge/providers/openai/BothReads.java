package dev.hedge.providers.openai;

import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.drift.Drift;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftGuard.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads one OpenAI answer the two ways Hedge can: guarded (tree, drift guard, records: the path every answer
 * took before the typed reader) and as the provider reads it now (typed when the shape is exactly as expected,
 * else guarded). Each read gets a fresh guard with the same clock, so repairs that make up ids or times make up
 * the same ones.
 */
final class BothReads {

    /**
     * What a read gave.
     *
     * @param record the record, null when the read failed
     * @param json the record as Hedge writes it to clients, null when the read failed
     * @param error the failure's kind and message, null when the read succeeded
     * @param drifts what the guard reported, in order
     */
    record Outcome(@Nullable Object record, @Nullable String json, @Nullable String error, List<Drift> drifts) {}

    static final String PROVIDER = "vendor";
    static final String MODEL = "gpt-test";

    private static final ManualTicker TICKER = new ManualTicker(Instant.ofEpochSecond(1_800_000_000L));

    private BothReads() {}

    static Outcome guarded(Answer answer, String body, boolean passthrough) {
        return read(answer, body, passthrough, false);
    }

    static Outcome asTheProviderReads(Answer answer, String body, boolean passthrough) {
        return read(answer, body, passthrough, true);
    }

    /** Whether the typed reader alone reads {@code body}. */
    static boolean readsTyped(Answer answer, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return switch (answer) {
            case CHAT_COMPLETION -> TypedAnswerReader.completion(bytes).isPresent();
            case CHAT_CHUNK -> TypedAnswerReader.chunk(bytes).isPresent();
            case EMBEDDINGS -> throw new IllegalArgumentException("answer: " + answer);
        };
    }

    private static Outcome read(Answer answer, String body, boolean passthrough, boolean typedFirst) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<Drift> drifts = new ArrayList<>();
        DriftGuard guard = new DriftGuard(PROVIDER, passthrough, drifts::add, TICKER);
        try {
            Object record = switch (answer) {
                case CHAT_COMPLETION -> typedFirst
                        ? OpenAiShapes.completion(PROVIDER, guard, MODEL, bytes, List.of()).value()
                        : OpenAiShapes.completion(PROVIDER,
                                guard.check(answer, MODEL, OpenAiShapes.tree(PROVIDER, bytes)), List.of());
                case CHAT_CHUNK -> typedFirst
                        ? OpenAiShapes.chunk(PROVIDER, guard, MODEL, bytes, List.of()).value()
                        : OpenAiShapes.chunk(PROVIDER,
                                guard.check(answer, MODEL, OpenAiShapes.tree(PROVIDER, bytes)), List.of());
                case EMBEDDINGS -> throw new IllegalArgumentException("answer: " + answer);
            };
            return new Outcome(record, Json.writeString(record), null, List.copyOf(drifts));
        } catch (ProviderException e) {
            return new Outcome(null, null, e.kind() + ": " + e.getMessage(), List.copyOf(drifts));
        }
    }
}
