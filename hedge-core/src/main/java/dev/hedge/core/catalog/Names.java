package dev.hedge.core.catalog;

/** Rules for the names users give providers and models. */
final class Names {
    private Names() {}

    static void requireValid(String what, String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("%s: \"%s\" (expected: not blank)".formatted(what, name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "%s: \"%s\" (expected: no whitespace or control characters)".formatted(what, name));
            }
        }
    }
}
