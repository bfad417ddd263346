package dev.hedge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import dev.hedge.api.json.Json;
import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.core.metering.TokenUsage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The ledger journal's line for one request, side by side: {@link Json#write} ({@link LedgerRowWriter}) and
 * databind's bean serializer ({@code Json}'s mapper with the writer's annotation ignored, what the journal used
 * before). Lives in {@code dev.hedge.store} because the row is package-private.
 */
@State(Scope.Benchmark)
public class LedgerRowBenchmark extends HotPathBenchmark {

    private final ObjectMapper databind = Json.mapper().copy().setAnnotationIntrospector(
            new JacksonAnnotationIntrospector() {
                @Override
                public @Nullable Object findSerializer(Annotated a) {
                    return a.getRawType() == LedgerRow.class ? null : super.findSerializer(a);
                }
            });

    /** A served, unrouted chat request with one attempt: the common row. */
    private final LedgerRow row = new LedgerRow("req_5f0c3a9e6d2b4c7e9a1f3b5d7c9e1a3b", 1_763_870_000_000L, "2026-11-23",
            "key_0123456789", "load test", "ops", "chat", "gpt-4o-mini", false, "mock-chat", "openai", 200, null,
            new TokenUsage(19, 0, 0, 28, 0, false), 42, 1_873, null, 1, false, false, null, null, null, null, "client",
            null, List.of(new LedgerRow.Attempt(1, "mock-chat", "openai", "ok", null, true,
                    new TokenUsage(19, 0, 0, 28, 0, false), 42, 1_650, null)));

    @Benchmark
    public byte[] rowByHand() {
        return Json.write(row);
    }

    @Benchmark
    public byte[] rowByDatabind() throws JsonProcessingException {
        return databind.writeValueAsBytes(row);
    }
}
