package dev.hedge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hedge.core.catalog.Dialect;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String ISSUE_EXAMPLE = """
            server: { host: 127.0.0.1, port: 4000 }
            providers:
              - name: upstream-a
                dialect: openai
                base-url: http://127.0.0.1:9001/v1
                api-key: ${UPSTREAM_A_KEY}
            models:
              - name: gpt-4o
                deployments:
                  - provider: upstream-a
                    model: gpt-4o-2024-08-06
                    input-usd-per-mtok: 2.50
                    output-usd-per-mtok: 10.00
            local:
              models-dir: ./models
            """;

    private static HedgeConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(name -> Optional.ofNullable(env.get(name))).parse(yaml, Optional.empty());
    }

    private static HedgeConfig parse(String yaml) {
        return parse(yaml, Map.of("UPSTREAM_A_KEY", "sk-a"));
    }

    @Test
    void readsTheIssueExample() {
        HedgeConfig config = parse(ISSUE_EXAMPLE);

        assertThat(config.server().port()).isEqualTo(4000);
        ProviderSpec provider = config.providers().getFirst();
        assertThat(provider.dialect()).isEqualTo(Dialect.OPENAI);
        assertThat(provider.apiKey()).hasValueSatisfying(key -> assertThat(key.reveal()).isEqualTo("sk-a"));
        assertThat(provider.toString()).doesNotContain("sk-a");
        ModelSpec model = config.models().getFirst();
        assertThat(model.deployments().getFirst().prices().inputPerMtok().orElseThrow())
                .isEqualByComparingTo(new BigDecimal("2.50"));
        assertThat(config.local().modelsDir()).hasValueSatisfying(dir -> assertThat(dir.toString()).isEqualTo("./models"));
    }

    @Test
    void rejectsAnUnknownKeyNamingItAndTheNearestKnownOne() {
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("base-url:", "bsae-url:")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].bsae-url: unknown key")
                .hasMessageContaining("did you mean 'base-url'");
    }

    @Test
    void rejectsInvalidValuesNamingTheKey() {
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("port: 4000", "port: 99999")))
                .hasMessage("server.port: 99999 (expected: 0 to 65535)");
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("input-usd-per-mtok: 2.50", "input-usd-per-mtok: cheap")))
                .hasMessage("models[0].deployments[0].input-usd-per-mtok: 'cheap' (expected: a number)");
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("dialect: openai", "dialect: cobol")))
                .hasMessageStartingWith("providers[0].dialect: 'cobol' (expected one of:");
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("base-url: http://127.0.0.1:9001/v1", "base-url: ftp://x")))
                .hasMessageStartingWith("providers[0].base-url: 'ftp://x'");
    }

    @Test
    void rejectsADeploymentOfAnUnknownProvider() {
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("- provider: upstream-a", "- provider: upstream-b")))
                .hasMessage("models[0].deployments[0].provider: 'upstream-b' is not a configured provider (known: upstream-a)");
    }

    @Test
    void namesAMissingEnvironmentVariable() {
        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE, Map.of()))
                .hasMessageStartingWith("providers[0].api-key: environment variable UPSTREAM_A_KEY is not set");
    }

    @Test
    void usesEnvironmentDefaultsAndEscapes() {
        HedgeConfig config = parse("""
                server: { port: "${PORT:-4100}", public-url: "$${literal}" }
                """, Map.of());
        assertThat(config.server().port()).isEqualTo(4100);
        assertThat(config.server().publicUrl()).contains("${literal}");
    }

    @Test
    void readsDurationsAndSizes() {
        HedgeConfig config = parse("""
                server: { max-body-size: 2MiB }
                providers: [{ name: p, dialect: openai, base-url: "http://h/v1", connect-timeout: 1500ms }]
                models:
                  - name: m
                    timeouts: { first-token: 3s, idle: 1.5m, total: PT1H }
                    deployments: [{ provider: p, model: x }]
                """);
        assertThat(config.server().maxBodyBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.providers().getFirst().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.models().getFirst().timeouts().idle()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.models().getFirst().timeouts().total()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> parse("""
                providers: [{ name: p, dialect: openai, connect-timeout: soon }]
                """)).hasMessageStartingWith("providers[0].connect-timeout: 'soon' (expected: a duration");
    }

    @Test
    void takesPricesFromTheCatalogWhenNotConfigured() {
        HedgeConfig config = parse("""
                providers: [{ name: openai, dialect: openai, api-key: x }]
                models: [{ name: mini, deployments: [{ provider: openai, model: gpt-4o-mini }] }]
                """);
        var prices = config.models().getFirst().deployments().getFirst().prices();
        assertThat(prices.inputPerMtok()).contains(new BigDecimal("0.15"));
        assertThat(prices.outputPerMtok()).contains(new BigDecimal("0.6"));
    }

    @Test
    void reservesTheLocalProviderName() {
        assertThatThrownBy(() -> parse("providers: [{ name: local, dialect: openai }]"))
                .hasMessageContaining("'local' is reserved");
    }

    @Test
    void refusesDuplicateNames() {
        assertThatThrownBy(() -> parse("""
                providers: [{ name: p, dialect: openai }, { name: p, dialect: openai }]
                """)).hasMessage("providers[1].name: provider 'p' is defined twice");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> parse("server: [unclosed"))
                .hasMessageContaining("is not valid YAML").hasMessageContaining("line");
    }

    @Test
    void discoversSuppliersFromTheEnvironment() {
        HedgeConfig empty = parse("");
        HedgeConfig discovered = new EnvDiscovery(name -> Optional.ofNullable(Map.of(
                "OPENAI_API_KEY", "sk-o", "OLLAMA_HOST", "127.0.0.1:11434").get(name))).discover(empty);

        assertThat(discovered.providers()).extracting(ProviderSpec::name).containsExactly("openai", "ollama");
        assertThat(discovered.providers().get(1).baseUrl().toString()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(discovered.models()).extracting(ModelSpec::name).contains("gpt-4o", "gpt-4o-mini");
        assertThat(discovered.providers()).allMatch(ProviderSpec::passthroughModels);
    }

    @Test
    void discoversAnthropicGeminiAndAzureFromTheEnvironment() {
        HedgeConfig empty = parse("");
        HedgeConfig discovered = new EnvDiscovery(name -> Optional.ofNullable(Map.of(
                "ANTHROPIC_API_KEY", "sk-ant", "GEMINI_API_KEY", "AIza", "AZURE_OPENAI_API_KEY", "az",
                "AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com", "OPENAI_API_VERSION", "2024-10-21")
                .get(name))).discover(empty);

        assertThat(discovered.providers()).extracting(ProviderSpec::name, ProviderSpec::dialect).containsExactly(
                org.assertj.core.groups.Tuple.tuple("anthropic", dev.hedge.core.catalog.Dialect.ANTHROPIC),
                org.assertj.core.groups.Tuple.tuple("gemini", dev.hedge.core.catalog.Dialect.GEMINI),
                org.assertj.core.groups.Tuple.tuple("azure", dev.hedge.core.catalog.Dialect.AZURE_OPENAI));
        assertThat(discovered.providers()).allMatch(ProviderSpec::passthroughModels);
        assertThat(discovered.providers().get(2).apiVersion()).contains("2024-10-21");
        assertThat(discovered.providers().get(0).baseUrl().toString()).isEqualTo("https://api.anthropic.com/v1");
    }

    @Test
    void azureWithoutAnEndpointIsOnlyNoted() {
        HedgeConfig empty = parse("");
        HedgeConfig discovered = new EnvDiscovery(name -> Optional.ofNullable(Map.of("AZURE_OPENAI_API_KEY", "az")
                .get(name))).discover(empty);

        assertThat(discovered.providers()).isEmpty();
        assertThat(discovered.notes()).anySatisfy(note -> assertThat(note).contains("AZURE_OPENAI_ENDPOINT"));
    }
}
