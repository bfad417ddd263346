package dev.hedge.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hedge.core.embed.PieceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityRouterTest {

    private static final float[] EAST = {1, 0};
    private static final float[] NORTH = {0, 1};

    private static QualityRouter router() {
        KnnMemory memory = new KnnMemory(2, new float[] {1, 0, 0.9f, 0.43589f, 0, 1}, new float[] {1, 1, 0}, 2, 0.1, 1, 0.5);
        LogisticHead head = new LogisticHead(new double[PromptFeatures.COUNT], ones(), new double[PromptFeatures.COUNT], 0);
        Calibration calibration = new Calibration(new double[] {0.9, 0.6, 0.3, 0.1}, new double[] {1, 1, 1, 1},
                new double[] {0, 0, 1, 1});
        return new QualityRouter(new QualityRouter.Info("strong-m", "weak-m", "test-embedder", 0, 3, 0), memory, head, 1.0,
                calibration);
    }

    private static double[] ones() {
        double[] values = new double[PromptFeatures.COUNT];
        java.util.Arrays.fill(values, 1);
        return values;
    }

    @Test
    void scoresBySimilarNeighbours() {
        QualityRouter router = router();
        assertThat(router.score(EAST, "x")).isGreaterThan(0.9);
        assertThat(router.score(NORTH, "x")).isLessThan(0.5);
    }

    @Test
    void qualityFloorBecomesTheHighestThresholdThatKeepsIt() {
        Calibration calibration = router().calibration();
        // weak alone keeps 50 %; the top item adds 25 %, the top two reach 100 %
        assertThat(calibration.forQualityFloor(0.5).strongFraction()).isZero();
        Calibration.Setting threeQuarters = calibration.forQualityFloor(0.75);
        assertThat(threeQuarters.threshold()).isEqualTo(0.9);
        assertThat(threeQuarters.strongFraction()).isEqualTo(0.25);
        Calibration.Setting all = calibration.forQualityFloor(0.95);
        assertThat(all.threshold()).isEqualTo(0.6);
        assertThat(all.qualityRatio()).isCloseTo(1.0, within(1e-9));
        assertThatThrownBy(() -> calibration.forQualityFloor(1.5)).hasMessageContaining("quality-floor: 1.5");
    }

    @Test
    void learningMovesTheScoreAndRevisionsRollBack(@TempDir Path dir) {
        Path base = dir.resolve("router.bin");
        RouterFile.write(router(), base);
        QualityRouter current = RouterRevisions.current(base);
        double before = current.score(NORTH, "x");

        QualityRouter taught = current.learn(NORTH, "x", 1).withRevision(1);
        RouterRevisions.persist(taught, base);

        QualityRouter reloaded = RouterRevisions.current(base);
        assertThat(reloaded.info().revision()).isEqualTo(1);
        assertThat(reloaded.info().feedbackItems()).isEqualTo(1);
        assertThat(reloaded.score(NORTH, "x")).isGreaterThan(before);

        QualityRouter rolledBack = RouterRevisions.rollback(base);
        assertThat(rolledBack.info().revision()).isZero();
        assertThat(rolledBack.score(NORTH, "x")).isEqualTo(before);
        assertThatThrownBy(() -> RouterRevisions.rollback(base)).hasMessageContaining("no online updates");
    }

    @Test
    void aRouterCarriesItsStaticTableThroughTheFileAndOnlineUpdates(@TempDir Path dir) {
        PieceTable table = PieceTable.quantise("static-2", 2, new float[] {1, 0, 0, 1, 0.6f, 0.8f});
        QualityRouter plain = router();
        QualityRouter withTable = new QualityRouter(new QualityRouter.Info("strong-m", "weak-m", table.name(), 0, 3, 0),
                plain.memory(), plain.head(), plain.knnWeight(), plain.calibration()).withPieces(table);
        Path base = dir.resolve("router.bin");
        RouterFile.write(withTable, base);

        QualityRouter read = RouterFile.read(base);
        assertThat(read.pieces()).isPresent();
        assertThat(read.pieces().get().name()).isEqualTo(table.name());
        assertThat(read.pieces().get().values()).containsExactly(table.values());
        assertThat(read.pieces().get().scales()).containsExactly(table.scales());
        assertThat(read.score(EAST, "x")).isEqualTo(withTable.score(EAST, "x"));

        QualityRouter taught = read.learn(NORTH, "x", 1).withRevision(1);
        RouterRevisions.persist(taught, base);
        assertThat(RouterRevisions.current(base).pieces().map(PieceTable::name)).hasValue(table.name());

        RouterFile.write(plain, dir.resolve("plain.bin"));
        assertThat(RouterFile.read(dir.resolve("plain.bin")).pieces()).isEmpty();
        assertThatThrownBy(() -> plain.withPieces(table)).as("the table must be the embedder the router names")
                .hasMessageContaining("expected: test-embedder, 2 dimensions");
    }

    @Test
    void readsFormatOneFilesAsRoutersWithoutATable(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("router.bin");
        RouterFile.write(router(), base);
        byte[] bytes = Files.readAllBytes(base);
        bytes[7] = 1; // format 2 → 1: the same layout without the trailing table section
        Path old = Files.write(dir.resolve("old.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 1));

        QualityRouter read = RouterFile.read(old);
        assertThat(read.pieces()).isEmpty();
        assertThat(read.score(EAST, "x")).isEqualTo(router().score(EAST, "x"));
        bytes[7] = 9;
        Path future = Files.write(dir.resolve("future.bin"), bytes);
        assertThatThrownBy(() -> RouterFile.read(future)).hasMessageContaining("format 9 (expected: 1 or 2; retrain it");
    }

    @Test
    void refusesFilesOfAnotherKind(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.bin"), "not a router at all");
        assertThatThrownBy(() -> RouterFile.read(bogus)).hasMessageContaining("not a Hedge router file");
        assertThatThrownBy(() -> RouterFile.read(dir.resolve("missing.bin"))).hasMessageContaining("no such file");
    }
}
