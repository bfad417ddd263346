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
        KnnMemory memory = new KnnMemory(2, new float[] {1, 0, 0.9f, 0.43589f, 0, 1}, new float[] {1, 1, 0}, KnnMemory.Target.LABEL, 2, 0.1, 1, 0.5);
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

    /** A format-2 router written by the code before gain memories (QualityRouterTest's router, knnWeight 0.5, a head). */
    private static Path formatTwoFixture(Path dir) throws Exception {
        try (var in = QualityRouterTest.class.getResourceAsStream("format2-label-router.bin")) {
            return Files.write(dir.resolve("format2.bin"), in.readAllBytes());
        }
    }

    private static final String MATH = "What is 12 * 7?\nShow your work.";

    @Test
    void readsFormatTwoAndOneFilesAsLabelRoutersThatScoreAndLearnAsBefore(@TempDir Path dir) throws Exception {
        Path two = formatTwoFixture(dir);
        byte[] bytes = Files.readAllBytes(two);
        assertThat(bytes[7]).isEqualTo((byte) 2);
        bytes[7] = 1; // format 2 → 1: the same layout without the trailing table flag
        Path one = Files.write(dir.resolve("format1.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 1));

        for (Path old : java.util.List.of(two, one)) {
            QualityRouter read = RouterFile.read(old);
            assertThat(read.memory().target()).isEqualTo(KnnMemory.Target.LABEL);
            assertThat(read.pieces()).isEmpty();
            // the scores the code before format 3 gave for this file
            assertThat(read.score(EAST, "x")).isEqualTo(0.6962124518933104);
            assertThat(read.score(EAST, MATH)).isEqualTo(0.7201159138111481);
            assertThat(read.score(NORTH, "x")).isEqualTo(0.2010089264353782);
            assertThat(read.score(new float[] {0.6f, 0.8f}, MATH)).isEqualTo(0.574782678924301);
            assertThat(read.calibration().forQualityFloor(0.95).threshold()).isEqualTo(0.6);
            // feedback teaches the label as before: weak (gain −1) → 0, strong → 1, a rating of 0.25 → 0.75
            assertThat(read.learn(NORTH, "x", -1).score(NORTH, "x")).isEqualTo(0.19737435031915296);
            assertThat(read.learn(NORTH, "x", 1).score(NORTH, "x")).isEqualTo(0.4482102984412285);
            assertThat(read.learn(NORTH, "x", 0.75).score(NORTH, "x")).isEqualTo(0.38550105027237574);
        }

        // an online update of an old router is written as format 3 and stays a label router
        QualityRouter taught = RouterFile.read(two).learn(NORTH, "x", -1).withRevision(1);
        RouterRevisions.persist(taught, two);
        QualityRouter revision = RouterRevisions.current(two);
        assertThat(Files.readAllBytes(dir.resolve("format2.bin.rev-1"))[7]).isEqualTo((byte) RouterFile.FORMAT);
        assertThat(revision.memory().target()).isEqualTo(KnnMemory.Target.LABEL);
        assertThat(revision.memory().targets()).containsExactly(1, 1, 0, 0);
        assertThat(revision.score(NORTH, "x")).isEqualTo(0.19737435031915296);

        bytes[7] = 9;
        Path future = Files.write(dir.resolve("future.bin"), bytes);
        assertThatThrownBy(() -> RouterFile.read(future)).hasMessageContaining("format 9 (expected: 1 to 3; retrain it");
    }

    private static QualityRouter gainRouter() {
        QualityRouter label = router();
        KnnMemory memory = new KnnMemory(2, label.memory().vectors(), new float[] {1, 1, -1}, KnnMemory.Target.GAIN, 2, 0.1, 1, 0.5);
        return new QualityRouter(label.info(), memory, label.head(), 0.5, label.calibration());
    }

    @Test
    void aGainRouterScoresExpectedGainsLearnsSignedGainsAndKeepsItsTargetInTheFile(@TempDir Path dir) {
        QualityRouter router = gainRouter();
        // the head (all weights 0) says 0.5 everywhere; near north the memory remembers a weak win (−1)
        assertThat(router.score(NORTH, "x")).isNegative();
        assertThat(router.score(EAST, "x")).isGreaterThan(0.7);

        Path file = dir.resolve("gain.bin");
        RouterFile.write(router, file);
        QualityRouter read = RouterFile.read(file);
        assertThat(read.memory().target()).isEqualTo(KnnMemory.Target.GAIN);
        assertThat(read.memory().targets()).containsExactly(1, 1, -1);
        assertThat(read.score(NORTH, "x")).isEqualTo(router.score(NORTH, "x"));

        QualityRouter weakBetter = read.learn(NORTH, "x", -1);
        assertThat(weakBetter.memory().targets()).as("weak better teaches −1").containsExactly(1, 1, -1, -1);
        assertThat(weakBetter.head().score(PromptFeatures.of("x"))).as("the head learns the label 0")
                .isLessThan(read.head().score(PromptFeatures.of("x")));
        assertThat(read.learn(NORTH, "x", 0).memory().targets()).as("a tie teaches 0").containsExactly(1, 1, -1, 0);
        assertThat(read.learn(NORTH, "x", 0.75).memory().targets()).containsExactly(1, 1, -1, 0.75f);
        assertThatThrownBy(() -> read.learn(NORTH, "x", 1.5)).hasMessageContaining("gain: 1.5 (expected: in [-1, 1])");
    }

    @Test
    void qualityFloorsWorkOnNegativeScores() {
        // a gain router's held-out scores can all be negative: the threshold is one of them
        Calibration calibration = new Calibration(new double[] {-0.2, -0.3, -0.4}, new double[] {1, 1, 1}, new double[] {0.5, 0, 1});
        assertThat(calibration.forQualityFloor(0.6).threshold()).isEqualTo(-0.2);
        Calibration.Setting all = calibration.forQualityFloor(1.0);
        assertThat(all.threshold()).isEqualTo(-0.3);
        assertThat(all.strongFraction()).isEqualTo(2.0 / 3);
        assertThat(calibration.strongFraction(all.threshold())).isEqualTo(2.0 / 3);
    }

    @Test
    void refusesFilesOfAnotherKind(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.bin"), "not a router at all");
        assertThatThrownBy(() -> RouterFile.read(bogus)).hasMessageContaining("not a Hedge router file");
        assertThatThrownBy(() -> RouterFile.read(dir.resolve("missing.bin"))).hasMessageContaining("no such file");
    }
}
