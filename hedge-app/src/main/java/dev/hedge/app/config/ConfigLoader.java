package dev.hedge.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Dialect;
import dev.hedge.core.catalog.Hedging;
import dev.hedge.providers.anthropic.AnthropicProvider;
import dev.hedge.providers.gemini.GeminiProvider;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.PriceCatalog;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.server.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code hedge.yaml} into a {@link HedgeConfig}, checking every key: unknown keys, wrong types, bad
 * values and dangling references fail with a message that names the key. Every key is documented in
 * {@code docs/config.md}.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final URI OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");

    private final Function<String, Optional<String>> environment;

    /** @param environment looks up environment variables (tests pass a map) */
    public ConfigLoader(Function<String, Optional<String>> environment) {
        this.environment = environment;
    }

    /** A loader reading the process environment. */
    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(name -> Optional.ofNullable(System.getenv(name)));
    }

    /**
     * A loader for commands that do not call suppliers ({@code hedge keys}, {@code hedge report}): an
     * environment variable that is not set reads as empty instead of failing, so that supplier credentials
     * need not be present where only the store is used.
     */
    public static ConfigLoader forStoreCommands() {
        return new ConfigLoader(name -> Optional.of(Optional.ofNullable(System.getenv(name)).orElse("")));
    }

    /** Reads and checks {@code file}. */
    public HedgeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read %s: %s".formatted(file, e.getMessage()), e);
        }
        return parse(text, Optional.of(file));
    }

    /** Reads and checks YAML text. */
    public HedgeConfig parse(String yaml, Optional<Path> source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("%s is not valid YAML: %s at line %d, column %d".formatted(
                    source.map(Path::toString).orElse("the configuration"), e.getOriginalMessage(),
                    e.getLocation().getLineNr(), e.getLocation().getColumnNr()), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = YAML.createObjectNode();
        }
        ConfigNode config = new ConfigNode(root, "", environment);
        ServerSettings server = server(config.object("server"));
        Optional<Secret> masterKey = config.object("auth").map(auth -> {
            Optional<Secret> key = auth.optionalSecret("master-key");
            auth.finish();
            return key;
        }).orElseGet(() -> environment.apply("HEDGE_MASTER_KEY").filter(v -> !v.isEmpty()).map(Secret::of));
        Optional<String> store = config.optionalString("store");
        List<ProviderSpec> providers = providers(config.objects("providers"));
        HedgeConfig.LocalConfig local = local(config.object("local"));
        List<RouterPolicySpec> routers = new ArrayList<>();
        Path baseDir = source.map(Path::toAbsolutePath).map(Path::getParent).orElse(Path.of("").toAbsolutePath());
        List<ModelSpec> models = models(config.objects("models"), providers, routers, baseDir);
        RouterPolicies.autoAlias(models, routers).ifPresent(auto -> {
            models.add(auto);
            routers.add(routers.getFirst().named(auto.name()));
        });
        RouterPolicies.checkJudges(models, routers);
        HedgeConfig.SharedState sharedState = sharedState(config);
        config.finish();
        return new HedgeConfig(server, masterKey, store, providers, models, local, source, List.of(), sharedState,
                routers);
    }

    private static HedgeConfig.SharedState sharedState(ConfigNode config) {
        Optional<String> url = config.optionalString("shared-state");
        url.ifPresent(value -> {
            if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
                throw new ConfigException("%s: '%s' (expected: redis://host:port)".formatted(config.at("shared-state"),
                        value.replaceAll("(://[^:/@]*:)[^@]*@", "$1****@")));
            }
        });
        String failure = config.optionalString("shared-state-failure").orElse("closed");
        if (!failure.equals("closed") && !failure.equals("open")) {
            throw new ConfigException("%s: '%s' (expected: closed or open)".formatted(config.at("shared-state-failure"),
                    failure));
        }
        String prefix = config.optionalString("shared-state-prefix").orElse(HedgeConfig.SharedState.LOCAL.prefix());
        java.time.Duration timeout = config.optionalDuration("shared-state-timeout")
                .orElse(HedgeConfig.SharedState.LOCAL.timeout());
        return new HedgeConfig.SharedState(url, failure.equals("open"), prefix, timeout);
    }

    private static ServerSettings server(Optional<ConfigNode> node) {
        if (node.isEmpty()) {
            return ServerSettings.of("127.0.0.1", ServerSettings.DEFAULT_PORT);
        }
        ConfigNode server = node.get();
        String host = server.optionalString("host").orElse("127.0.0.1");
        int port = server.optionalInt("port", 0, 65535).orElse(ServerSettings.DEFAULT_PORT);
        long maxBody = server.optionalSize("max-body-size").orElse((long) ServerSettings.DEFAULT_MAX_BODY_BYTES);
        if (maxBody > Integer.MAX_VALUE - 1024 || maxBody <= 0) {
            throw new ConfigException("%s: %d bytes (expected: 1 byte to 2GiB)".formatted(server.at("max-body-size"), maxBody));
        }
        int maxConcurrent = server.optionalInt("max-concurrent-requests", 1, 10_000_000)
                .orElse(ServerSettings.DEFAULT_MAX_CONCURRENT_REQUESTS);
        int eventLoops = server.optionalInt("event-loops", 0, 1024).orElse(0);
        Optional<String> publicUrl = server.optionalString("public-url");
        server.finish();
        return new ServerSettings(host, port, (int) maxBody, maxConcurrent, eventLoops, publicUrl);
    }

    private static List<ProviderSpec> providers(List<ConfigNode> nodes) {
        List<ProviderSpec> providers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode node : nodes) {
            String name = node.string("name");
            if (name.equals(HedgeConfig.LOCAL_PROVIDER)) {
                throw new ConfigException("%s: 'local' is reserved for the in-process models".formatted(node.at("name")));
            }
            if (!names.add(name)) {
                throw new ConfigException("%s: provider '%s' is defined twice".formatted(node.at("name"), name));
            }
            String dialectName = node.string("dialect");
            Dialect dialect = Dialect.parse(dialectName)
                    .filter(d -> d != Dialect.LOCAL)
                    .orElseThrow(() -> new ConfigException("%s: '%s' (expected one of: %s)"
                            .formatted(node.at("dialect"), dialectName, Dialect.names().replace(", local", ""))));
            URI baseUrl = node.optionalString("base-url").map(url -> uri(node.at("base-url"), url))
                    .orElseGet(() -> {
                        if (dialect == Dialect.OPENAI) {
                            return OPENAI_BASE_URL;
                        }
                        if (dialect == Dialect.ANTHROPIC) {
                            return AnthropicProvider.DEFAULT_BASE_URL;
                        }
                        if (dialect == Dialect.GEMINI) {
                            return GeminiProvider.DEFAULT_BASE_URL;
                        }
                        throw new ConfigException("%s: required for dialect %s".formatted(node.at("base-url"), dialectName));
                    });
            ProviderSpec spec = checked(node, () -> new ProviderSpec(
                    name,
                    dialect,
                    baseUrl,
                    node.optionalSecret("api-key"),
                    node.secretMap("headers"),
                    node.optionalString("api-version"),
                    node.optionalDuration("connect-timeout").orElse(ProviderSpec.DEFAULT_CONNECT_TIMEOUT),
                    node.optionalInt("max-connections", 1, 100_000).orElse(ProviderSpec.DEFAULT_MAX_CONNECTIONS),
                    node.optionalBoolean("stream-usage").orElse(true),
                    node.optionalBoolean("passthrough-models").orElse(false),
                    node.optionalBoolean("passthrough-extensions").orElse(false)));
            node.finish();
            providers.add(spec);
        }
        return providers;
    }

    private static HedgeConfig.LocalConfig local(Optional<ConfigNode> node) {
        if (node.isEmpty()) {
            return HedgeConfig.LocalConfig.DEFAULT;
        }
        ConfigNode local = node.get();
        Optional<Path> modelsDir = local.optionalString("models-dir").map(Path::of);
        boolean embeddings = local.optionalBoolean("embeddings").orElse(true);
        int threads = local.optionalInt("threads", 1, 256).orElse(1);
        int maxConcurrent = local.optionalInt("max-concurrent", 1, 64).orElse(1);
        local.finish();
        return new HedgeConfig.LocalConfig(modelsDir, embeddings, threads, maxConcurrent);
    }

    private static List<ModelSpec> models(List<ConfigNode> nodes, List<ProviderSpec> providers,
            List<RouterPolicySpec> routers, Path baseDir) {
        Map<String, ProviderSpec> byName = new java.util.HashMap<>();
        for (ProviderSpec provider : providers) {
            byName.put(provider.name(), provider);
        }
        List<ModelSpec> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode node : nodes) {
            String name = node.string("name");
            if (!names.add(name)) {
                throw new ConfigException("%s: model '%s' is defined twice".formatted(node.at("name"), name));
            }
            Optional<RouterPolicies.Parsed> router = RouterPolicies.read(node, name, d -> deployment(d, byName), baseDir);
            router.ifPresent(parsed -> routers.add(parsed.policy()));
            List<ConfigNode> deploymentNodes = router.isPresent() ? List.of() : node.objects("deployments");
            if (router.isEmpty() && deploymentNodes.isEmpty()) {
                throw new ConfigException("%s: at least one deployment is required".formatted(node.at("deployments")));
            }
            List<DeploymentSpec> deployments = new ArrayList<>(router.map(RouterPolicies.Parsed::deployments).orElse(List.of()));
            for (ConfigNode deployment : deploymentNodes) {
                deployments.add(deployment(deployment, byName));
            }
            Timeouts timeouts = node.object("timeouts").map(ConfigLoader::timeouts).orElse(Timeouts.DEFAULTS);
            // a router model orders its own deployments (QualityRouting); the planner's policy does not apply
            RoutingPolicy policy = router.isPresent() ? RoutingPolicy.FALLBACK : ResilienceConfig.policy(node);
            Retries retries = node.object("retries").map(ResilienceConfig::retries).orElse(Retries.DEFAULTS);
            BreakerSettings breaker = node.object("breaker").map(ResilienceConfig::breaker)
                    .orElse(BreakerSettings.DEFAULTS);
            Optional<Hedging> hedging = node.object("hedge").map(ResilienceConfig::hedging);
            node.finish();
            models.add(checked(node, () -> new ModelSpec(name, deployments, timeouts, policy, retries, breaker,
                    hedging)));
        }
        return models;
    }

    private static DeploymentSpec deployment(ConfigNode node, Map<String, ProviderSpec> providers) {
        String provider = node.string("provider");
        if (!provider.equals(HedgeConfig.LOCAL_PROVIDER) && !providers.containsKey(provider)) {
            throw new ConfigException("%s: '%s' is not a configured provider (known: %s)"
                    .formatted(node.at("provider"), provider, String.join(", ", providers.keySet())));
        }
        String model = node.string("model");
        Optional<PriceCatalog.Entry> listed = Optional.ofNullable(providers.get(provider))
                .flatMap(p -> PriceCatalog.builtIn().find(supplierOf(p), model));
        Prices catalog = listed.map(PriceCatalog.Entry::prices).orElse(Prices.UNKNOWN);
        Prices prices = new Prices(
                node.optionalDecimal("input-usd-per-mtok").or(catalog::inputPerMtok),
                node.optionalDecimal("cached-input-usd-per-mtok").or(catalog::cachedInputPerMtok),
                node.optionalDecimal("cache-write-usd-per-mtok").or(catalog::cacheWritePerMtok),
                node.optionalDecimal("output-usd-per-mtok").or(catalog::outputPerMtok),
                node.optionalDecimal("reasoning-usd-per-mtok").or(catalog::reasoningPerMtok));
        OptionalInt contextWindow = orElse(node.optionalInt("context-window", 1, Integer.MAX_VALUE),
                listed.map(PriceCatalog.Entry::contextWindow).orElse(OptionalInt.empty()));
        OptionalInt maxOutput = orElse(node.optionalInt("max-output-tokens", 1, Integer.MAX_VALUE),
                listed.map(PriceCatalog.Entry::maxOutputTokens).orElse(OptionalInt.empty()));
        int weight = node.optionalInt("weight", 1, 1_000_000).orElse(1);
        OptionalInt maxConcurrency = node.optionalInt("max-concurrency", 1, 1_000_000);
        node.finish();
        return checked(node, () -> new DeploymentSpec(provider, model, prices, contextWindow, maxOutput, weight,
                maxConcurrency));
    }

    private static Timeouts timeouts(ConfigNode node) {
        Timeouts timeouts = checked(node, () -> new Timeouts(
                node.optionalDuration("first-token").orElse(Timeouts.DEFAULTS.firstToken()),
                node.optionalDuration("idle").orElse(Timeouts.DEFAULTS.idle()),
                node.optionalDuration("total").orElse(Timeouts.DEFAULTS.total()),
                node.optionalDuration("connect")));
        node.finish();
        return timeouts;
    }

    /** The catalog's supplier name for a provider: its host tells OpenAI from Mistral and the rest. */
    static String supplierOf(ProviderSpec provider) {
        String host = provider.baseUrl().getHost() == null ? "" : provider.baseUrl().getHost();
        if (host.endsWith("mistral.ai")) {
            return "mistral";
        }
        if (host.endsWith("openai.com")) {
            return "openai";
        }
        return provider.dialect().configName();
    }

    /** Builds a spec whose own checks may refuse a value, naming the configuration key in the refusal. */
    static <T> T checked(ConfigNode node, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("%s: %s".formatted(node.path(), e.getMessage()), e);
        }
    }

    private static OptionalInt orElse(OptionalInt value, OptionalInt fallback) {
        return value.isPresent() ? value : fallback;
    }

    private static URI uri(String at, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new ConfigException("%s: '%s' (expected: an http:// or https:// URL)".formatted(at, value));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("%s: '%s' is not a URL (%s)".formatted(at, value, e.getReason()));
        }
    }
}
