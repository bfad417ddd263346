package dev.hedge.core.router;

import dev.hedge.core.embed.PieceTable;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained quality router: how much a prompt needs the strong tier, from its embedding (the kNN memory: the
 * strong tier's gain on similar prompts) and its {@link PromptFeatures} (the logistic head: a generic
 * difficulty prior, P(weak answer worse), that carries over to prompts unlike any seen), blended with weight
 * {@code knnWeight} on the memory. The score's range follows the memory's {@link KnnMemory.Target}: a gain
 * memory gives [−knnWeight, 1], a label memory (routers trained before format 3) [0, 1]. Cross-validation
 * chose this over a logistic head on the embedding, which overfit (docs/router.md). Immutable and
 * thread-safe; {@link #learn} returns an updated router.
 *
 * @param info what the router routes between and how it was made
 * @param memory labelled prompts scored by similarity
 * @param head the linear model
 * @param knnWeight weight of the memory's score in [0, 1]
 * @param calibration held-out scores for quality floors
 * @param pieces the static embedding table the router's vectors come from, when it carries its embedder
 *     ({@link Info#embedder()} is then the table's name); empty for a router that reads another embedder's
 *     vectors
 */
public record QualityRouter(Info info, KnnMemory memory, LogisticHead head, double knnWeight, Calibration calibration,
        Optional<PieceTable> pieces) {

    /** A router that reads the vectors of the embedder {@link Info#embedder()} names (no table of its own). */
    public QualityRouter(Info info, KnnMemory memory, LogisticHead head, double knnWeight, Calibration calibration) {
        this(info, memory, head, knnWeight, calibration, Optional.empty());
    }

    /**
     * Facts about a router.
     *
     * @param strong the strong model the labels refer to
     * @param weak the weak model
     * @param embedder the embedder whose vectors the router reads (e.g. {@code all-minilm-l6-v2})
     * @param revision 0 for a trained router, +1 per persisted online update
     * @param trainedItems items it was trained on
     * @param feedbackItems labelled points added online since training
     */
    public record Info(String strong, String weak, String embedder, int revision, int trainedItems, int feedbackItems) {
        public Info {
            Objects.requireNonNull(strong, "strong");
            Objects.requireNonNull(weak, "weak");
            Objects.requireNonNull(embedder, "embedder");
        }
    }

    public QualityRouter {
        Objects.requireNonNull(info, "info");
        if (!(knnWeight >= 0 && knnWeight <= 1)) {
            throw new IllegalArgumentException("knnWeight: %s (expected: in [0, 1])".formatted(knnWeight));
        }
        Objects.requireNonNull(pieces, "pieces");
        if (pieces.isPresent() && (!pieces.get().name().equals(info.embedder()) || pieces.get().dimensions() != memory.dimensions())) {
            throw new IllegalArgumentException("pieces: table %s of %d dimensions (expected: %s, %d dimensions)"
                    .formatted(pieces.get().name(), pieces.get().dimensions(), info.embedder(), memory.dimensions()));
        }
        if (head.inputs() != PromptFeatures.COUNT) {
            throw new IllegalArgumentException("head: %d inputs (expected: %d prompt features)"
                    .formatted(head.inputs(), PromptFeatures.COUNT));
        }
    }

    /** Learning rate and L2 penalty of one online step of the head. */
    private static final double ONLINE_RATE = 0.01;
    private static final double ONLINE_L2 = 1e-4;

    /** Vector length the router expects. */
    public int dimensions() {
        return memory.dimensions();
    }

    /**
     * How much {@code prompt} needs the strong tier (higher: more): {@code knnWeight} × the memory's mean target
     * of similar prompts (an expected gain in [−1, 1], or for a label memory P(weak worse)) + (1 − knnWeight) ×
     * the head's P(weak worse). Only its order and the threshold give it a meaning for routing.
     *
     * @param embedding the prompt's unit-length embedding by {@link Info#embedder()}
     */
    public double score(float[] embedding, String prompt) {
        checkDimensions(embedding);
        double knn = knnWeight > 0 ? memory.score(embedding) : 0;
        double linear = knnWeight < 1 ? head.score(PromptFeatures.of(prompt)) : 0;
        return knnWeight * knn + (1 - knnWeight) * linear;
    }

    /**
     * A router that also learned that on {@code prompt} the strong tier's gain is {@code gain} in [−1, 1] (1: the
     * weak answer was worse; 0: as good; −1: better): the point joins the memory with the memory's kind of
     * target ({@link KnnMemory.Target#of}: the gain, or for a label memory its positive part) and the head takes
     * one SGD step toward the label {@code max(0, gain)}. The revision is unchanged until the update is persisted.
     */
    public QualityRouter learn(float[] embedding, String prompt, double gain) {
        checkDimensions(embedding);
        if (!(gain >= -1 && gain <= 1)) {
            throw new IllegalArgumentException("gain: %s (expected: in [-1, 1])".formatted(gain));
        }
        Info next = new Info(info.strong(), info.weak(), info.embedder(), info.revision(), info.trainedItems(),
                info.feedbackItems() + 1);
        return new QualityRouter(next, memory.with(embedding, memory.target().of(gain)),
                head.step(PromptFeatures.of(prompt), KnnMemory.Target.LABEL.of(gain), ONLINE_RATE, ONLINE_L2), knnWeight,
                calibration, pieces);
    }

    /** The same router with revision {@code revision}. */
    public QualityRouter withRevision(int revision) {
        Info next = new Info(info.strong(), info.weak(), info.embedder(), revision, info.trainedItems(), info.feedbackItems());
        return new QualityRouter(next, memory, head, knnWeight, calibration, pieces);
    }

    /** The same router carrying its embedding table {@code table} (whose name must be the embedder's). */
    public QualityRouter withPieces(PieceTable table) {
        return new QualityRouter(info, memory, head, knnWeight, calibration, Optional.of(table));
    }

    private void checkDimensions(float[] embedding) {
        if (embedding.length != memory.dimensions()) {
            throw new IllegalArgumentException("embedding: %d dimensions (expected: %d, %s)"
                    .formatted(embedding.length, memory.dimensions(), info.embedder()));
        }
    }
}
