package dev.hedge.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.core.catalog.Secret;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping of the configuration file being read, with its path for error messages. Each typed read
 * remembers the key; {@link #finish(String...)} then rejects every key nobody read, suggesting the nearest
 * known one. String values may reference the environment as {@code ${NAME}} or {@code ${NAME:-default}}
 * ({@code $${} writes a literal {@code ${}).
 */
final class ConfigNode {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private final JsonNode node;
    private final String path;
    private final Function<String, Optional<String>> environment;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(JsonNode node, String path, Function<String, Optional<String>> environment) {
        if (!node.isObject()) {
            throw new ConfigException("%s: expected a mapping of keys, got %s".formatted(display(path), kind(node)));
        }
        this.node = node;
        this.path = path;
        this.environment = environment;
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    Optional<ConfigNode> object(String key) {
        JsonNode value = value(key);
        return value == null ? Optional.empty() : Optional.of(new ConfigNode(value, at(key), environment));
    }

    /** The list of mappings under {@code key}; empty when absent. */
    List<ConfigNode> objects(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException("%s: expected a list, got %s".formatted(at(key), kind(value)));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(new ConfigNode(value.get(i), "%s[%d]".formatted(at(key), i), environment));
        }
        return out;
    }

    String string(String key) {
        return optionalString(key).orElseThrow(() -> new ConfigException("%s: required".formatted(at(key))));
    }

    Optional<String> optionalString(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw new ConfigException("%s: expected a value, got %s".formatted(at(key), kind(value)));
        }
        String text = substitute(key, value.asText());
        if (text.isBlank()) {
            throw new ConfigException("%s: empty".formatted(at(key)));
        }
        return Optional.of(text);
    }

    /** A credential: like a string, but never echoed in errors or dumps. */
    Optional<Secret> optionalSecret(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = substitute(key, value.asText());
        return text.isEmpty() ? Optional.empty() : Optional.of(Secret.of(text));
    }

    Optional<Boolean> optionalBoolean(String key) {
        return optionalString(key).map(text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("%s: '%s' (expected: true or false)".formatted(at(key), text));
        });
    }

    OptionalInt optionalInt(String key, int min, int max) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        int value;
        try {
            value = Integer.parseInt(text.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException("%s: '%s' (expected: a whole number)".formatted(at(key), text.get()));
        }
        if (value < min || value > max) {
            throw new ConfigException("%s: %d (expected: %d to %d)".formatted(at(key), value, min, max));
        }
        return OptionalInt.of(value);
    }

    Optional<BigDecimal> optionalDecimal(String key) {
        return optionalString(key).map(text -> {
            try {
                BigDecimal value = new BigDecimal(text.replace("_", ""));
                if (value.signum() < 0) {
                    throw new ConfigException("%s: %s (expected: >= 0)".formatted(at(key), text));
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ConfigException("%s: '%s' (expected: a number)".formatted(at(key), text));
            }
        });
    }

    /** A duration written as {@code 500ms}, {@code 3s}, {@code 1.5m}, {@code 2h} or ISO-8601 {@code PT3S}. */
    Optional<Duration> optionalDuration(String key) {
        return optionalString(key).map(text -> {
            String trimmed = text.trim().toLowerCase(Locale.ROOT);
            Matcher matcher = DURATION.matcher(trimmed);
            Duration duration;
            if (matcher.matches()) {
                double amount = Double.parseDouble(matcher.group(1));
                long unitMillis = switch (matcher.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
                duration = Duration.ofNanos(Math.round(amount * unitMillis * 1_000_000));
            } else if (trimmed.startsWith("pt") || trimmed.startsWith("p")) {
                try {
                    duration = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    throw badDuration(key, text);
                }
            } else {
                throw badDuration(key, text);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new ConfigException("%s: %s (expected: > 0)".formatted(at(key), text));
            }
            return duration;
        });
    }

    /** A size in bytes written as {@code 1048576}, {@code 512KiB}, {@code 32MiB}, {@code 1GB}. */
    Optional<Long> optionalSize(String key) {
        return optionalString(key).map(text -> {
            Matcher matcher = SIZE.matcher(text.trim().replace("_", ""));
            if (!matcher.matches()) {
                throw new ConfigException("%s: '%s' (expected: a size such as 32MiB or 1048576)".formatted(at(key), text));
            }
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
            long factor = switch (unit) {
                case "kb" -> 1000L;
                case "kib" -> 1024L;
                case "mb" -> 1000_000L;
                case "mib" -> 1024L * 1024;
                case "gb" -> 1000_000_000L;
                case "gib" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            return Math.multiplyExact(amount, factor);
        });
    }

    /** A mapping of names to strings (e.g. extra headers), values read as secrets. */
    Map<String, Secret> secretMap(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new ConfigException("%s: expected a mapping, got %s".formatted(at(key), kind(value)));
        }
        Map<String, Secret> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode()) {
                throw new ConfigException("%s.%s: expected a value".formatted(at(key), entry.getKey()));
            }
            out.put(entry.getKey(), Secret.of(substitute(key + "." + entry.getKey(), entry.getValue().asText())));
        }
        return out;
    }

    /** Fails on the first key that was not read; {@code alsoKnown} are keys valid here but read elsewhere. */
    void finish(String... alsoKnown) {
        Set<String> known = new LinkedHashSet<>(read);
        known.addAll(List.of(alsoKnown));
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String suggestion = nearest(name, known).map(k -> " — did you mean '%s'?".formatted(k)).orElse("");
                throw new ConfigException("%s: unknown key%s (known here: %s)"
                        .formatted(at(name), suggestion, String.join(", ", known)));
            }
        }
    }

    /** Declares keys valid here without reading them now. */
    void accept(String... keys) {
        read.addAll(List.of(keys));
    }

    private JsonNode value(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private String substitute(String key, String text) {
        Matcher matcher = ENV_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$${")) {
                replacement = "${";
            } else {
                String name = matcher.group(1);
                Optional<String> fromEnv = environment.apply(name);
                if (fromEnv.isPresent() && !fromEnv.get().isEmpty()) {
                    replacement = fromEnv.get();
                } else if (matcher.group(2) != null) {
                    replacement = matcher.group(3);
                } else if (fromEnv.isPresent()) {
                    replacement = "";
                } else {
                    throw new ConfigException("%s: environment variable %s is not set (write ${%s:-default} for a default)"
                            .formatted(at(key), name, name));
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private ConfigException badDuration(String key, String text) {
        return new ConfigException("%s: '%s' (expected: a duration such as 500ms, 3s, 2m or 1h)".formatted(at(key), text));
    }

    private static Optional<String> nearest(String name, Set<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String display(String path) {
        return path.isEmpty() ? "the configuration" : path;
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "'" + node.asText() + "'";
    }
}
