package dev.hedge.core.catalog;

/**
 * A credential. Its {@link #toString()} never shows the value, so it can sit in records that are logged or
 * dumped; read it with {@link #reveal()} only where it is sent.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * {@code text} with every occurrence of {@code secrets} and anything shaped like an API key
     * ({@code sk-…}, {@code sk-ant-…}, {@code AIza…}) replaced by {@code ****}, for upstream error messages that
     * echo a credential back.
     */
    public static String scrub(String text, Iterable<Secret> secrets) {
        String out = text;
        for (Secret secret : secrets) {
            if (secret.value.length() >= 4) {
                out = out.replace(secret.value, "****");
            }
        }
        return KEY_SHAPED.matcher(out).replaceAll("****");
    }

    private static final java.util.regex.Pattern KEY_SHAPED =
            java.util.regex.Pattern.compile("\\b(sk-[A-Za-z0-9_\\-*]{3,}|AIza[A-Za-z0-9_\\-]{10,})");

    /** The credential itself; call only to put it on the wire. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
