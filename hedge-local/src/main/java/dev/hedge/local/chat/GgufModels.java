package dev.hedge.local.chat;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The {@code *.gguf} files of a directory, each a chat model named by its file stem, loaded by llama.cpp on
 * first use (an idle gateway pays nothing for them). One model runs at most {@code maxConcurrent}
 * generations at once; callers beyond that are refused, not queued without bound. Thread-safe.
 *
 * <p>Guarded llama.cpp hazards: Jinja chat templates are never applied and {@code n_probs} is never set (both
 * can abort the JVM); the library's scratch directory ({@code de.kherud.llama.tmpdir}) is created if missing.
 */
public final class GgufModels implements AutoCloseable {

    private final Map<String, Path> files;
    private final int threads;
    private final int contextSize;
    private final int maxConcurrent;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    private record Loaded(LlamaModel model, Semaphore permits) {}

    /** What to sample with. */
    public record Sampling(int maxTokens, float temperature, float topP, Optional<Integer> seed, List<String> stops) {}

    /** Receives generated text piece by piece; returns false to stop. */
    @FunctionalInterface
    public interface Pieces {
        boolean accept(String piece);
    }

    /**
     * How a generation ended.
     *
     * @param promptTokens the prompt's tokens, BOS included
     * @param completionTokens tokens generated
     * @param finishReason {@code stop} (end of text or a stop sequence) or {@code length}
     */
    public record Outcome(int promptTokens, int completionTokens, String finishReason) {}

    private GgufModels(Map<String, Path> files, int threads, int contextSize, int maxConcurrent) {
        this.files = files;
        this.threads = threads;
        this.contextSize = contextSize;
        this.maxConcurrent = maxConcurrent;
    }

    /**
     * The models in {@code directory}.
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public static GgufModels scan(Path directory, int threads, int contextSize, int maxConcurrent) {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(path -> Files.isRegularFile(path) && path.getFileName().toString().endsWith(".gguf"))
                    .forEach(path -> {
                        String name = path.getFileName().toString();
                        files.put(name.substring(0, name.length() - ".gguf".length()), path);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the local models directory " + directory, e);
        }
        return new GgufModels(Map.copyOf(files), threads, contextSize, maxConcurrent);
    }

    /** The model names (file stems), sorted. */
    public List<String> names() {
        return files.keySet().stream().sorted().toList();
    }

    public boolean has(String name) {
        return files.containsKey(name);
    }

    /**
     * Generates a completion of {@code prompt}, handing pieces to {@code pieces} as they come, on the calling
     * thread (which blocks).
     *
     * @param cancelled polled between tokens; true stops the generation
     * @throws BusyException when the model already runs {@code maxConcurrent} generations
     * @throws IllegalStateException when the model file cannot be loaded
     */
    public Outcome generate(String name, String prompt, Sampling sampling, Pieces pieces, BooleanSupplier cancelled) {
        Loaded model = load(name);
        if (!model.permits().tryAcquire()) {
            throw new BusyException(name);
        }
        try {
            int promptTokens = model.model().encode(prompt).length + 1;
            InferenceParameters parameters = new InferenceParameters(prompt)
                    .setNPredict(sampling.maxTokens())
                    .setTemperature(sampling.temperature())
                    .setTopP(sampling.topP())
                    .setCachePrompt(false);
            sampling.seed().ifPresent(parameters::setSeed);
            if (!sampling.stops().isEmpty()) {
                parameters.setStopStrings(sampling.stops().toArray(String[]::new));
            }
            int generated = 0;
            boolean stoppedByUs = false;
            LlamaIterator tokens = model.model().generate(parameters).iterator();
            try {
                while (tokens.hasNext()) {
                    LlamaOutput output = tokens.next();
                    if (output.text.isEmpty()) {
                        continue; // the end marker carries no token
                    }
                    generated++;
                    if (!pieces.accept(output.text)) {
                        stoppedByUs = true;
                        break;
                    }
                    if (cancelled.getAsBoolean()) {
                        stoppedByUs = true;
                        break;
                    }
                }
            } finally {
                if (stoppedByUs) {
                    tokens.cancel();
                }
            }
            String reason = generated >= sampling.maxTokens() ? "length" : "stop";
            return new Outcome(promptTokens, generated, reason);
        } finally {
            model.permits().release();
        }
    }

    private Loaded load(String name) {
        Path file = files.get(name);
        if (file == null) {
            throw new IllegalArgumentException("no local model named '%s' (have: %s)".formatted(name, names()));
        }
        return loaded.computeIfAbsent(name, ignored -> {
            ensureScratchDirectory();
            try {
                LlamaModel model = new LlamaModel(new ModelParameters()
                        .setModel(file.toString())
                        .setThreads(threads)
                        .setCtxSize(contextSize)
                        .disableLog());
                return new Loaded(model, new Semaphore(maxConcurrent));
            } catch (RuntimeException | Error e) {
                throw new IllegalStateException("llama.cpp cannot load %s: %s".formatted(file, e.getMessage()), e);
            }
        });
    }

    private static void ensureScratchDirectory() {
        String dir = System.getProperty("de.kherud.llama.tmpdir");
        if (dir != null) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create llama.cpp's scratch directory " + dir, e);
            }
        }
    }

    @Override
    public void close() {
        loaded.values().forEach(model -> model.model().close());
        loaded.clear();
    }

    /** A model at its concurrency limit. */
    public static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException(String name) {
            super("local model %s is at its concurrency limit".formatted(name), null, false, false);
        }
    }
}
