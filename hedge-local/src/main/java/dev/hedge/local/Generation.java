package dev.hedge.local;

import dev.hedge.local.chat.GgufModels;
import java.util.function.BooleanSupplier;

/** One local generation's inputs and identity; {@link #execute} runs it on the calling thread. */
record Generation(GgufModels models, String model, String prompt, GgufModels.Sampling sampling, String id,
        long created) {

    GgufModels.Outcome execute(GgufModels.Pieces pieces, BooleanSupplier cancelled) {
        return models.generate(model, prompt, sampling, pieces, cancelled);
    }
}
