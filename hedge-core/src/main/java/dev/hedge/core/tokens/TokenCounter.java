package dev.hedge.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.json.Json;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Counts tokens the way OpenAI's tokenizers do ({@code o200k_base} for the GPT-4o generation and later,
 * {@code cl100k_base} otherwise), for suppliers that report no usage and for admission estimates. For
 * other vendors' models the count is an estimate of the same order, and is recorded as counted, not
 * reported.
 *
 * <p>Thread-safe; encodings load lazily on first use (or in {@link #warmUp}). The encodings are jtokkit's files,
 * counted by {@link BytePairCounter}, which gives jtokkit's counts in a seventh of its memory.
 */
public final class TokenCounter {

    /** Per message overhead of OpenAI's chat format, and the priming of the reply. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;
    /** A low-detail image; higher detail costs more, which only a supplier's usage can tell exactly. */
    private static final int TOKENS_PER_IMAGE = 85;

    /** The two encodings OpenAI's models use. */
    enum Encoding { O200K_BASE, CL100K_BASE }

    /**
     * Texts longer than this many chars are counted on the {@link #aside} executor where a caller on an event loop
     * can wait for the count: 16K chars take about 0.5 ms of prose and up to 4 ms of the dearest text (base64, long
     * runs of letters) on a slow VM ({@code benchmarks/jmh.sh TokenCount}), and a 32 MB prompt would take seconds.
     */
    public static final int ASIDE_CHARS = 16_384;

    private final ConcurrentMap<Encoding, BytePairCounter> encodings = new ConcurrentHashMap<>(4);
    private final Executor aside;

    /** Counts long texts on the caller's thread too (for embedding without event loops, and for tests). */
    public TokenCounter() {
        this(Runnable::run);
    }

    /** @param aside runs the counts of long texts (a pool or virtual threads; not an event loop) */
    public TokenCounter(Executor aside) {
        this.aside = aside;
    }

    /** Where counts of texts longer than {@link #ASIDE_CHARS} run when the caller can wait for them. */
    public Executor aside() {
        return aside;
    }

    /** Whether counting a text of {@code chars} chars is long enough to run {@link #aside}. */
    public static boolean countsAside(long chars) {
        return chars > ASIDE_CHARS;
    }

    /**
     * Loads now, each on a thread of {@code executor}, the encodings that counting for {@code models} uses; the stage
     * completes when they are loaded. An encoding takes a moment to load (up to a second on a busy machine; it then
     * holds 2 to 4.3 MB of heap, see {@link BytePairCounter}): a server warms those of the models it routes to
     * suppliers before it reports ready, so that no request and no event loop waits for one (admission counts the
     * prompt of a request with a budget or a token limit); any other encoding loads the first time it is used.
     */
    public CompletableFuture<Void> warmUp(Collection<String> models, Executor executor) {
        return CompletableFuture.allOf(models.stream().map(TokenCounter::encodingType).distinct()
                .map(type -> CompletableFuture.runAsync(() -> counter(type).count("warm up"),
                        executor))
                .toArray(CompletableFuture[]::new));
    }

    /** Tokens of plain text. */
    public int countText(String model, String text) {
        return text.isEmpty() ? 0 : encodingFor(model).count(text);
    }

    /**
     * A count of a streamed answer's tokens, made as its text arrives; the encoding is chosen by {@code model} and
     * loaded at the first count, not here.
     */
    public OutputTokens output(String model) {
        return new OutputTokens(() -> encodingFor(model));
    }

    /** Prompt tokens of a chat request: messages with OpenAI's per-message overhead, plus tool definitions. */
    public int countChatPrompt(String model, List<ChatMessage> messages, @Nullable List<Tool> tools) {
        return chatPrompt(messages, tools, encodingFor(model)::count);
    }

    /**
     * An upper bound of {@link #countChatPrompt}, without tokenizing: every token of OpenAI's encodings covers at
     * least one UTF-8 byte, and a UTF-16 char is at most three of them.
     */
    public static int boundChatPrompt(List<ChatMessage> messages, @Nullable List<Tool> tools) {
        return chatPrompt(messages, tools, TokenCounter::maxTokens);
    }

    /** Tokens of a completions {@code prompt} or embeddings {@code input}: a string, strings, or token ids. */
    public int countInput(String model, @Nullable JsonNode input) {
        return input(input, text -> countText(model, text));
    }

    /** An upper bound of {@link #countInput}, without tokenizing. */
    public static int boundInput(@Nullable JsonNode input) {
        return input(input, TokenCounter::maxTokens);
    }

    /** A chat prompt's tokens, its texts measured by {@code tokensOf} (a count, or a bound). */
    private static int chatPrompt(List<ChatMessage> messages, @Nullable List<Tool> tools, ToIntFunction<String> tokensOf) {
        long total = REPLY_PRIMING;
        for (ChatMessage message : messages) {
            total += TOKENS_PER_MESSAGE + tokensOf.applyAsInt(message.role());
            if (message.name() != null) {
                total += TOKENS_PER_NAME + tokensOf.applyAsInt(message.name());
            }
            total += switch (message.content()) {
                case null -> 0;
                case MessageContent.Text text -> tokensOf.applyAsInt(text.text());
                case MessageContent.Parts parts -> {
                    long sum = 0;
                    for (ContentPart part : parts.parts()) {
                        if (part.text() != null) {
                            sum += tokensOf.applyAsInt(part.text());
                        } else if (part.imageUrl() != null) {
                            sum += TOKENS_PER_IMAGE;
                        }
                    }
                    yield sum;
                }
            };
            if (message.toolCalls() != null) {
                for (ToolCall call : message.toolCalls()) {
                    total += tokensOf.applyAsInt(call.function().name()) + tokensOf.applyAsInt(call.function().arguments());
                }
            }
        }
        if (tools != null && !tools.isEmpty()) {
            total += tokensOf.applyAsInt(Json.writeString(tools));
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** The tokens of a string, strings or token ids, each text measured by {@code tokensOf}. */
    private static int input(@Nullable JsonNode input, ToIntFunction<String> tokensOf) {
        if (input == null || input.isNull()) {
            return 0;
        }
        if (input.isTextual()) {
            return tokensOf.applyAsInt(input.asText());
        }
        if (input.isNumber()) {
            return 1;
        }
        long total = 0;
        for (JsonNode element : input) {
            total += input(element, tokensOf);
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private static int maxTokens(String text) {
        return (int) Math.min(Integer.MAX_VALUE, 3L * text.length());
    }

    private BytePairCounter encodingFor(String model) {
        return counter(encodingType(model));
    }

    private BytePairCounter counter(Encoding encoding) {
        BytePairCounter loaded = encodings.get(encoding);
        return loaded != null ? loaded : encodings.computeIfAbsent(encoding, type -> switch (type) {
            case O200K_BASE -> BytePairCounter.o200k();
            case CL100K_BASE -> BytePairCounter.cl100k();
        });
    }

    static Encoding encodingType(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        boolean o200k = name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-4.5")
                || name.startsWith("gpt-5") || name.startsWith("chatgpt") || name.startsWith("o1")
                || name.startsWith("o3") || name.startsWith("o4") || name.startsWith("gpt-oss");
        return o200k ? Encoding.O200K_BASE : Encoding.CL100K_BASE;
    }
}
