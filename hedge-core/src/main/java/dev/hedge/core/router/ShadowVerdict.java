package dev.hedge.core.router;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge's verdict on a shadow comparison, from the strong tier's point of view, and how it teaches the
 * router: {@link #STRONG} (the strong answer is better: the prompt needed the strong tier) is a
 * {@code preferred: strong} label, {@link #WEAK} and {@link #TIE} (the weak answer was good enough) are
 * {@code weak} and {@code tie} labels, exactly as {@code POST /v1/feedback} takes them.
 */
public enum ShadowVerdict {
    STRONG,
    WEAK,
    TIE;

    /** {@code [[A]]}, {@code [[ B ]]}, {@code [[C]]} or {@code [[tie]]}; the format the judge is asked for. */
    private static final Pattern TOKEN = Pattern.compile("\\[\\[\\s*(A|B|C|TIE)\\s*]]", Pattern.CASE_INSENSITIVE);
    /** A judge that dropped the brackets but answered with nothing else ({@code B}, {@code **A**.}, {@code Tie}). */
    private static final Pattern BARE = Pattern.compile("[\\s*_`\"'.:!()\\[\\]]*(A|B|C|TIE)[\\s*_`\"'.:!()\\[\\]]*",
            Pattern.CASE_INSENSITIVE);

    /** The label {@code POST /v1/feedback} would take for this verdict. */
    public String preferred() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a judge's answer. Every {@code [[X]]} token in it must agree (a judge that quotes the format
     * and then decides, e.g. "not [[A]] but [[B]]", is not trusted); without any token, the whole answer
     * must be the bare letter. Anything else is unparseable (empty).
     *
     * @param strongFirst whether answer A was the strong tier's
     */
    public static Optional<ShadowVerdict> parse(String judgeAnswer, boolean strongFirst) {
        String seen = null;
        Matcher tokens = TOKEN.matcher(judgeAnswer);
        while (tokens.find()) {
            String token = normalise(tokens.group(1));
            if (seen != null && !seen.equals(token)) {
                return Optional.empty();
            }
            seen = token;
        }
        if (seen == null) {
            Matcher bare = BARE.matcher(judgeAnswer);
            if (!bare.matches()) {
                return Optional.empty();
            }
            seen = normalise(bare.group(1));
        }
        return Optional.of(switch (seen) {
            case "A" -> strongFirst ? STRONG : WEAK;
            case "B" -> strongFirst ? WEAK : STRONG;
            default -> TIE;
        });
    }

    private static String normalise(String token) {
        String upper = token.toUpperCase(Locale.ROOT);
        return upper.equals("TIE") ? "C" : upper;
    }
}
