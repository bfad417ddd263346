package dev.hedge.app.config;

import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.core.router.ShadowSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a model's {@code policy: router} keys: {@code tiers: {weak: [...], strong: [...]}}, {@code router}
 * (the trained file, relative to the configuration's directory) and one of {@code threshold} or
 * {@code quality-floor}, and optionally {@code shadow: {fraction, judge, max-in-flight}}. The tiers'
 * deployments become the model's deployments, weak first.
 */
final class RouterPolicies {

    /** The public name that reaches the first router model when no model of that name is configured. */
    static final String AUTO = "auto";

    /** Shadow comparisons running at once per router model when {@code max-in-flight} is not set. */
    static final int DEFAULT_SHADOW_IN_FLIGHT = 4;

    private RouterPolicies() {}

    /** A router model's deployments (weak tier first) and its policy. */
    record Parsed(List<DeploymentSpec> deployments, RouterPolicySpec policy) {}

    /**
     * Reads the router keys of model {@code node} if its {@code policy} is {@code router}.
     *
     * @param deployment parses one deployment mapping
     * @param baseDir where relative router paths start
     */
    static Optional<Parsed> read(ConfigNode node, String name, Function<ConfigNode, DeploymentSpec> deployment, Path baseDir) {
        Optional<String> policy = node.optionalString("policy");
        if (policy.isEmpty() || !policy.get().equals("router")) {
            return Optional.empty(); // fallback, weighted, … : ResilienceConfig reads them
        }
        if (node.has("deployments")) {
            throw new ConfigException("%s: a router model lists its deployments under tiers.weak and tiers.strong"
                    .formatted(node.at("deployments")));
        }
        ConfigNode tiers = node.object("tiers")
                .orElseThrow(() -> new ConfigException("%s: required for policy: router (weak: [...], strong: [...])".formatted(node.at("tiers"))));
        List<DeploymentSpec> weak = tier(tiers, "weak", deployment);
        List<DeploymentSpec> strong = tier(tiers, "strong", deployment);
        tiers.finish();
        List<DeploymentSpec> all = new ArrayList<>(weak);
        all.addAll(strong);
        if (all.stream().map(DeploymentSpec::id).distinct().count() != all.size()) {
            throw new ConfigException("%s: a deployment appears twice across the tiers".formatted(node.at("tiers")));
        }
        String router = node.optionalString("router")
                .orElseThrow(() -> new ConfigException("%s: required for policy: router (a file made by ./hedge router train)".formatted(node.at("router"))));
        OptionalDouble threshold = number(node, "threshold");
        OptionalDouble floor = number(node, "quality-floor");
        if (threshold.isPresent() == floor.isPresent()) {
            throw new ConfigException("%s: set exactly one of threshold and quality-floor".formatted(node.at("policy")));
        }
        Optional<ShadowSpec> shadow = node.object("shadow").map(RouterPolicies::shadow);
        Path file = baseDir.resolve(router).normalize();
        try {
            return Optional.of(new Parsed(all, new RouterPolicySpec(name, weak.size(), strong.size(), file, threshold, floor,
                    shadow)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("%s: %s".formatted(node.at("policy"), e.getMessage()));
        }
    }

    private static ShadowSpec shadow(ConfigNode node) {
        OptionalDouble fraction = number(node, "fraction");
        if (fraction.isEmpty()) {
            throw new ConfigException("%s: required (the share of weak-routed requests to compare, 0 to 1)".formatted(node.at("fraction")));
        }
        if (!(fraction.getAsDouble() >= 0 && fraction.getAsDouble() <= 1)) {
            throw new ConfigException("%s: %s (expected: 0 to 1)".formatted(node.at("fraction"), fraction.getAsDouble()));
        }
        String judge = node.optionalString("judge")
                .orElseThrow(() -> new ConfigException("%s: required (a model of this configuration that compares the answers)".formatted(node.at("judge"))));
        int maxInFlight = node.optionalInt("max-in-flight", 1, 10_000).orElse(DEFAULT_SHADOW_IN_FLIGHT);
        node.finish();
        return new ShadowSpec(fraction.getAsDouble(), judge, maxInFlight);
    }

    /**
     * Checks that every shadow judge is a model this configuration serves ({@code local/…} models are checked
     * when the local provider starts) and is not itself a router model.
     */
    static void checkJudges(List<ModelSpec> models, List<RouterPolicySpec> routers) {
        java.util.Set<String> routerNames = routers.stream().map(RouterPolicySpec::model).collect(Collectors.toSet());
        java.util.Set<String> names = models.stream().map(ModelSpec::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (RouterPolicySpec router : routers) {
            if (router.shadow().isEmpty()) {
                continue;
            }
            String judge = router.shadow().get().judge();
            if (routerNames.contains(judge)) {
                throw new ConfigException("models: %s.shadow.judge: '%s' is a router model (expected: a model with fixed deployments)"
                        .formatted(router.model(), judge));
            }
            if (!names.contains(judge) && !judge.startsWith("local/")) {
                throw new ConfigException("models: %s.shadow.judge: '%s' is not a configured model (known: %s)"
                        .formatted(router.model(), judge, String.join(", ", names)));
            }
        }
    }

    /** The {@code auto} alias of the first router model, when no model is named {@code auto}. */
    static Optional<ModelSpec> autoAlias(List<ModelSpec> models, List<RouterPolicySpec> routers) {
        if (routers.isEmpty() || models.stream().anyMatch(m -> m.name().equals(AUTO))) {
            return Optional.empty();
        }
        String first = routers.getFirst().model();
        return models.stream().filter(m -> m.name().equals(first)).findFirst()
                .map(m -> new ModelSpec(AUTO, m.deployments(), m.timeouts(), m.policy(), m.retries(), m.breaker(), m.hedging()));
    }

    private static List<DeploymentSpec> tier(ConfigNode tiers, String key, Function<ConfigNode, DeploymentSpec> deployment) {
        List<ConfigNode> nodes = tiers.objects(key);
        if (nodes.isEmpty()) {
            throw new ConfigException("%s: at least one deployment is required".formatted(tiers.at(key)));
        }
        return nodes.stream().map(deployment).toList();
    }

    private static OptionalDouble number(ConfigNode node, String key) {
        Optional<String> text = node.optionalString(key);
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text.get()));
        } catch (NumberFormatException e) {
            throw new ConfigException("%s: '%s' (expected: a number)".formatted(node.at(key), text.get()));
        }
    }
}
