package dev.hedge.core.router;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Prompt embeddings on disk, keyed by the SHA-256 of the embedder's name and the text, so reruns over the
 * same data skip the model. The file is a header ({@code HEMB}, version, dimensions) followed by appended
 * records (32-byte key, {@code dimensions} big-endian floats); a torn last record (a crash mid-write) is
 * ignored. Not thread-safe.
 */
public final class EmbeddingCache implements AutoCloseable {

    private static final int MAGIC = 0x48454D42; // "HEMB"
    private static final int VERSION = 1;

    private final Path file;
    private final String embedder;
    private final int dimensions;
    private final Map<String, float[]> vectors = new HashMap<>();
    private DataOutputStream out;

    private EmbeddingCache(Path file, String embedder, int dimensions) {
        this.file = file;
        this.embedder = embedder;
        this.dimensions = dimensions;
    }

    /** Opens (or creates) the cache at {@code file} for vectors of {@code embedder} with {@code dimensions}. */
    public static EmbeddingCache open(Path file, String embedder, int dimensions) {
        EmbeddingCache cache = new EmbeddingCache(file, embedder, dimensions);
        try {
            if (Files.exists(file)) {
                cache.load();
            } else {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (DataOutputStream header = new DataOutputStream(Files.newOutputStream(file))) {
                    header.writeInt(MAGIC);
                    header.writeInt(VERSION);
                    header.writeInt(dimensions);
                }
            }
            cache.out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            throw new UncheckedIOException("embedding cache " + file + ": " + e.getMessage(), e);
        }
        return cache;
    }

    private void load() throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a version-" + VERSION + " embedding cache");
            }
            int stored = in.readInt();
            if (stored != dimensions) {
                throw new IOException("holds %d-dimensional vectors, the embedder makes %d".formatted(stored, dimensions));
            }
            byte[] key = new byte[32];
            while (true) {
                float[] vector = new float[dimensions];
                try {
                    in.readFully(key);
                    for (int d = 0; d < dimensions; d++) {
                        vector[d] = in.readFloat();
                    }
                } catch (EOFException torn) {
                    return;
                }
                vectors.put(HexFormat.of().formatHex(key), vector);
            }
        }
    }

    /** The cached vector for {@code text}, if any. */
    public Optional<float[]> get(String text) {
        return Optional.ofNullable(vectors.get(HexFormat.of().formatHex(key(text))));
    }

    /** Stores {@code vector} for {@code text} (appended to the file; flushed on {@link #flush()} or close). */
    public void put(String text, float[] vector) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("vector: %d dimensions (expected: %d)".formatted(vector.length, dimensions));
        }
        byte[] key = key(text);
        if (vectors.putIfAbsent(HexFormat.of().formatHex(key), vector.clone()) != null) {
            return;
        }
        try {
            out.write(key);
            for (float v : vector) {
                out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** Number of cached vectors. */
    public int size() {
        return vectors.size();
    }

    /** Writes appended vectors to disk. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] key(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(embedder.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        try (OutputStream closing = out) {
            closing.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("embedding cache " + file + ": " + e.getMessage(), e);
        }
    }
}
