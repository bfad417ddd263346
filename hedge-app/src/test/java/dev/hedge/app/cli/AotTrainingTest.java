package dev.hedge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's AOT training run exercises the request path for real: every request it sends is answered as meant. */
class AotTrainingTest {

    @Test
    void everyTrainingRequestIsAnsweredAsExpected(@TempDir Path dir) {
        // 150 rounds of a chat and a streamed chat, and every tenth round six more (models, readiness, metrics, errors)
        assertThat(AotTraining.run(dir)).isEqualTo(150 * 2 + 15 * 6);
    }
}
