package dev.hedge.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.hedge.core.tokens.OutputTokens;
import dev.hedge.core.tokens.TokenCounter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counting 64 KB of text with {@code o200k_base}: Hedge's counter, jtokkit's (the reference, same counts) and
 * Hedge's count of a stream's output fed in 40-char chunks as they arrive. Prose is the usual case; base64 and
 * long words are what a supplier that reports no usage may stream (pieces of two chars, pieces of 900 letters).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenCountBenchmark extends HotPathBenchmark {

    private static final String MODEL = "gpt-4o";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @Param({"prose", "code", "base64", "long-words"})
    public String text;

    private String sample;
    private final TokenCounter hedge = new TokenCounter();
    private Encoding jtokkit;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder out = new StringBuilder();
        while (out.length() < 64 * 1024) {
            switch (text) {
                case "prose" -> out.append("The gateway sends each request to the cheapest model that is good enough, ")
                        .append("and fails over when a supplier breaks. ");
                case "code" -> out.append("    for (int i = 0; i < parts.length; i++) {\n        total += parts[i]")
                        .append(".tokens(); // ").append(random.nextInt(1000)).append('\n').append("    }\n");
                case "base64" -> {
                    for (int i = 0; i < 76; i++) {
                        out.append(BASE64.charAt(random.nextInt(64)));
                    }
                    out.append('\n');
                }
                case "long-words" -> {
                    for (int i = 0; i < 900; i++) {
                        out.append((char) ('a' + random.nextInt(26)));
                    }
                    out.append(' ');
                }
                default -> throw new IllegalArgumentException("text: " + text);
            }
        }
        sample = out.toString();
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        if (hedge.countText(MODEL, sample) != jtokkit.countTokensOrdinary(sample) || streamed() != count()) {
            throw new IllegalStateException("the counts differ on " + text);
        }
    }

    @Benchmark
    public int count() {
        return hedge.countText(MODEL, sample);
    }

    @Benchmark
    public int jtokkit() {
        return jtokkit.countTokensOrdinary(sample);
    }

    @Benchmark
    public int streamed() {
        OutputTokens output = hedge.output(MODEL);
        for (int at = 0; at < sample.length(); at += 40) {
            output.append(sample.substring(at, Math.min(sample.length(), at + 40)));
        }
        return output.count();
    }
}
