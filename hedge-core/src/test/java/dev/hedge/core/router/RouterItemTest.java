package dev.hedge.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RouterItemTest {

    private static RouterItem correctness(double strong, double weak) {
        return new RouterItem("id", "mmlu", "q", strong, weak, 0, 1);
    }

    private static RouterItem judged(double strong, double weak) {
        return new RouterItem("id", "arena", "q", strong, weak, 1, 10);
    }

    @Test
    void zeroOneItemsGainMinusOneZeroOrOneAndTheLabelIsItsPositivePart() {
        assertThat(correctness(1, 0).gain()).isEqualTo(1);
        assertThat(correctness(1, 0).target()).isEqualTo(1);
        assertThat(correctness(0, 1).gain()).as("only the weak model right").isEqualTo(-1);
        assertThat(correctness(0, 1).target()).isZero();
        assertThat(correctness(1, 1).gain()).isZero();
        assertThat(correctness(0, 0).gain()).isZero();
        assertThat(correctness(0, 0).target()).isZero();
    }

    @Test
    void judgeScoresGainTheScaledGapTimesFiveClipped() {
        assertThat(judged(8, 7).gain()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(judged(8, 7).target()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(judged(7, 8).gain()).isCloseTo(-5.0 / 9, within(1e-12));
        assertThat(judged(7, 8).target()).isZero();
        assertThat(judged(9, 7).gain()).as("a gap of two points on 1-10 counts fully after clipping").isEqualTo(1);
        assertThat(judged(10, 1).gain()).isEqualTo(1);
        assertThat(judged(1, 10).gain()).isEqualTo(-1);
        assertThat(judged(5, 5).gain()).isZero();
    }
}
