package dev.hedge.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.chat.ChatCompletionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * The typed request reader against databind on generated bodies ({@link RequestMaker}): a realistic request is
 * read typed, to databind's record, written upstream as the same bytes; any body, realistic or drifted, reads
 * through {@link Json#readChatRequest} as databind reads it (the same record, or the same exception and message),
 * and whatever the typed reader accepts, databind reads without error to an equal record.
 */
class ChatRequestReaderPropertiesTest {

    @Property(tries = 3000)
    void realisticRequestsAreReadTypedToDatabindsRecord(@ForAll("realistic") String body) {
        Outcome databind = Outcome.of(body, false);
        assertThat(databind.error()).as("databind's read of a realistic request").isNull();

        Optional<ChatCompletionRequest> typed = ChatRequestReader.read(bytes(body));

        assertThat(typed).as("read typed").isPresent();
        assertThat(typed.get()).isEqualTo(databind.record());
        assertThat(Json.writeString(typed.get())).isEqualTo(databind.json());
    }

    @Property(tries = 5000)
    void anyBodyReadsAsDatabindReadsIt(@ForAll("drifted") String body) {
        Optional<ChatCompletionRequest> typed = ChatRequestReader.read(bytes(body));
        Outcome databind = Outcome.of(body, false);
        Statistics.label("read").collect(typed.isPresent() ? "typed" : "databind");
        Statistics.label("databind").collect(databind.error() == null ? "record" : "error");

        assertThat(Outcome.of(body, true)).isEqualTo(databind);
        if (typed.isPresent()) {
            assertThat(databind.error()).as("databind's error on a body read typed").isNull();
            assertThat(typed.get()).isEqualTo(databind.record());
            assertThat(Json.writeString(typed.get())).isEqualTo(databind.json());
        }
        Statistics.label("read").coverage(read -> {
            read.check("typed").percentage(share -> share > 15);
            read.check("databind").percentage(share -> share > 15);
        });
    }

    @Provide
    Arbitrary<String> realistic() {
        return Arbitraries.randomValue(random -> {
            RequestMaker maker = new RequestMaker(random);
            return maker.write(maker.request(), false);
        });
    }

    @Provide
    Arbitrary<String> drifted() {
        return Arbitraries.randomValue(random -> {
            RequestMaker maker = new RequestMaker(random);
            return maker.write(random.nextInt(5) == 0 ? maker.request() : maker.drift(maker.request()), true);
        });
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a read gave.
     *
     * @param record the record, null when the read failed
     * @param json the record as Hedge writes it upstream, null when the read failed
     * @param error the exception's class and message, null when the read succeeded
     */
    record Outcome(@Nullable ChatCompletionRequest record, @Nullable String json, @Nullable String error) {

        /** Reads {@code body} with databind alone, or as the gateway reads it ({@link Json#readChatRequest}). */
        static Outcome of(String body, boolean asTheGatewayReads) {
            try {
                ChatCompletionRequest record = asTheGatewayReads ? Json.readChatRequest(bytes(body))
                        : Json.read(bytes(body), ChatCompletionRequest.class);
                return new Outcome(record, Json.writeString(record), null);
            } catch (IOException e) {
                return new Outcome(null, null, e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
