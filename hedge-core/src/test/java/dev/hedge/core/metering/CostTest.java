package dev.hedge.core.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostTest {

    private static final Prices GPT_4O = new Prices(Optional.of(new BigDecimal("2.5")),
            Optional.of(new BigDecimal("1.25")), Optional.empty(), Optional.of(new BigDecimal("10")), Optional.empty());

    @Test
    void pricePerMillionTokensIsMicroDollarsPerToken() {
        // 1,000 input tokens at $2.50/Mtok = $0.0025 = 2,500 micro-dollars; 500 output at $10 = 5,000
        assertThat(Cost.microUsd(new TokenUsage(1000, 0, 0, 500, 0, false), GPT_4O)).isEqualTo(7_500);
    }

    @Test
    void cachedInputAtItsOwnPriceAndReasoningAtOutputPriceWhenUnpriced() {
        // 1,000 input of which 400 cached: 600 × 2.5 + 400 × 1.25 = 2,000; 300 output of which 100 reasoning: 3,000
        assertThat(Cost.microUsd(new TokenUsage(1000, 400, 0, 300, 100, false), GPT_4O)).isEqualTo(5_000);
    }

    @Test
    void cacheWritesAndReasoningUseTheirPricesWhenGiven() {
        Prices claude = new Prices(Optional.of(new BigDecimal("3")), Optional.of(new BigDecimal("0.3")),
                Optional.of(new BigDecimal("3.75")), Optional.of(new BigDecimal("15")), Optional.of(new BigDecimal("20")));
        // plain input 100 × 3 = 300; cached 200 × 0.3 = 60; written 300 × 3.75 = 1,125; output 50 × 15 = 750,
        // reasoning 50 × 20 = 1,000
        assertThat(Cost.microUsd(new TokenUsage(600, 200, 300, 100, 50, false), claude)).isEqualTo(3_235);
    }

    @Test
    void roundsOnceHalfUp() {
        Prices cheap = Prices.of(new BigDecimal("0.15"), new BigDecimal("0.6"));
        // 3 × 0.15 + 1 × 0.6 = 1.05 → 1; 7 × 0.15 = 1.05, + 0.6 = 1.65 → 2
        assertThat(Cost.microUsd(new TokenUsage(3, 0, 0, 1, 0, false), cheap)).isEqualTo(1);
        assertThat(Cost.microUsd(new TokenUsage(7, 0, 0, 1, 0, false), cheap)).isEqualTo(2);
    }

    @Test
    void worstCaseRoundsUpAndTakesTheDearerOfOutputAndReasoning() {
        Prices prices = new Prices(Optional.of(new BigDecimal("0.15")), Optional.empty(), Optional.empty(),
                Optional.of(new BigDecimal("0.6")), Optional.of(new BigDecimal("0.9")));
        // 3 × 0.15 + 2 × 0.9 = 2.25 → 3
        assertThat(Cost.worstCaseMicroUsd(3, 2, prices)).isEqualTo(3);
    }

    @Test
    void unknownPricesCostNothing() {
        assertThat(Cost.microUsd(new TokenUsage(1000, 0, 0, 1000, 0, true), Prices.UNKNOWN)).isZero();
    }

    @Test
    void dollarsConvertExactlyOrNotAtAll() {
        assertThat(Cost.microUsd(new BigDecimal("0.05"))).isEqualTo(50_000);
        assertThat(Cost.usd(1_234)).isEqualByComparingTo("0.001234");
        assertThatThrownBy(() -> Cost.microUsd(new BigDecimal("0.0000001")))
                .hasMessageContaining("at most 6 decimals");
        assertThatThrownBy(() -> Cost.microUsd(new BigDecimal("-1"))).hasMessageContaining("expected: >= 0");
    }
}
