package dev.hedge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.core.router.ShadowSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code shadow} keys of a router model. */
class ShadowConfigTest {

    private static final String CONFIG = """
            providers:
              - { name: up, dialect: openai, base-url: http://127.0.0.1:9001/v1 }
            models:
              - name: referee
                deployments: [ { provider: up, model: judge-1 } ]
              - name: smart
                policy: router
                router: router.bin
                threshold: 0.5
                SHADOW
                tiers:
                  weak: [ { provider: up, model: small } ]
                  strong: [ { provider: up, model: big } ]
            """;

    private static HedgeConfig parse(String shadow) {
        return new ConfigLoader(name -> Optional.empty()).parse(CONFIG.replace("SHADOW", shadow), Optional.empty());
    }

    @Test
    void readsShadowSettingsAndSharesThemWithTheAutoAlias() {
        HedgeConfig config = parse("shadow: { fraction: 0.05, judge: referee, max-in-flight: 3 }");

        assertThat(config.routers()).extracting(RouterPolicySpec::model).containsExactly("smart", "auto");
        assertThat(config.routers().getFirst().shadow()).hasValue(new ShadowSpec(0.05, "referee", 3));
        assertThat(config.routers().get(1).shadow().orElseThrow()).isSameAs(config.routers().getFirst().shadow().orElseThrow());
    }

    @Test
    void withoutShadowNothingIsCompared() {
        assertThat(parse("").routers().getFirst().shadow()).isEmpty();
        assertThat(parse("shadow: { fraction: 0.1, judge: referee }").routers().getFirst().shadow().orElseThrow().maxInFlight())
                .isEqualTo(RouterPolicies.DEFAULT_SHADOW_IN_FLIGHT);
    }

    @Test
    void badShadowSettingsNameTheKey() {
        assertThatThrownBy(() -> parse("shadow: { fraction: 1.5, judge: referee }"))
                .isInstanceOf(ConfigException.class).hasMessage("models[1].shadow.fraction: 1.5 (expected: 0 to 1)");
        assertThatThrownBy(() -> parse("shadow: { fraction: lots, judge: referee }"))
                .hasMessage("models[1].shadow.fraction: 'lots' (expected: a number)");
        assertThatThrownBy(() -> parse("shadow: { judge: referee }"))
                .hasMessageStartingWith("models[1].shadow.fraction: required");
        assertThatThrownBy(() -> parse("shadow: { fraction: 0.1 }"))
                .hasMessageStartingWith("models[1].shadow.judge: required");
        assertThatThrownBy(() -> parse("shadow: { fraction: 0.1, judge: referee, max-in-flight: 0 }"))
                .hasMessage("models[1].shadow.max-in-flight: 0 (expected: 1 to 10000)");
        assertThatThrownBy(() -> parse("shadow: { fraction: 0.1, judge: referee, sample: 3 }"))
                .hasMessageStartingWith("models[1].shadow.sample: unknown key");
    }

    @Test
    void thresholdsMayBeNegativeForAGainRouterButNotBelowMinusOne() {
        // a router whose memory holds gains scores in [-knnWeight, 1] (docs/router.md, "How it decides")
        HedgeConfig negative = new ConfigLoader(name -> Optional.empty())
                .parse(CONFIG.replace("threshold: 0.5", "threshold: -0.2").replace("SHADOW", ""), Optional.empty());
        assertThat(negative.routers().getFirst().threshold()).hasValue(-0.2);
        assertThatThrownBy(() -> new ConfigLoader(name -> Optional.empty())
                .parse(CONFIG.replace("threshold: 0.5", "threshold: -1.5").replace("SHADOW", ""), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("threshold: -1.5 (expected: in [-1, 1])");
    }

    @Test
    void judgeMustBeAServedModelWithFixedDeployments() {
        assertThatThrownBy(() -> parse("shadow: { fraction: 0.1, judge: gpt-judge }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models: smart.shadow.judge: 'gpt-judge' is not a configured model (known: auto, referee, smart)");
        assertThatThrownBy(() -> parse("shadow: { fraction: 0.1, judge: auto }"))
                .hasMessage("models: smart.shadow.judge: 'auto' is a router model (expected: a model with fixed deployments)");
        assertThat(parse("shadow: { fraction: 0.1, judge: local/stories260K }").routers().getFirst().shadow()).isPresent();
    }
}
