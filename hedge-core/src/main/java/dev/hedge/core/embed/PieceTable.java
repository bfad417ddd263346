package dev.hedge.core.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A static token-embedding table: one vector per word piece of a vocabulary, so a text's embedding is the
 * L2-normalised sum of its pieces' rows — microseconds instead of a transformer pass. Rows already carry
 * the piece's weight (e.g. a frequency weight that plays down "the" and ","), so the sum is the weighted
 * mean up to a scale that normalisation removes. Rows are stored as int8 with one float scale per row
 * (a row is {@code scale × values}). Immutable and thread-safe.
 *
 * <p>Built by {@link PieceTables#distil}; stored in the router file, so a router is self-contained.
 */
public final class PieceTable {

    private final String name;
    private final int dimensions;
    private final byte[] values;
    private final float[] scales;

    /**
     * @param name what the table is, with a content hash (routers check they read their own table's vectors)
     * @param dimensions vector length
     * @param values {@code pieces × dimensions} int8 values, row after row
     * @param scales one scale per piece (row {@code i} is {@code scales[i] × values[i·dimensions …]})
     */
    public PieceTable(String name, int dimensions, byte[] values, float[] scales) {
        Objects.requireNonNull(name, "name");
        if (dimensions <= 0) {
            throw new IllegalArgumentException("dimensions: %s (expected: > 0)".formatted(dimensions));
        }
        if (values.length != (long) scales.length * dimensions) {
            throw new IllegalArgumentException("values: %d (expected: %d pieces × %d dimensions)"
                    .formatted(values.length, scales.length, dimensions));
        }
        this.name = name;
        this.dimensions = dimensions;
        this.values = values;
        this.scales = scales;
    }

    /**
     * Quantises float rows to a table named {@code base/<hash of the content>}.
     *
     * @param rows {@code pieces × dimensions} floats, row after row
     */
    public static PieceTable quantise(String base, int dimensions, float[] rows) {
        if (dimensions <= 0 || rows.length % dimensions != 0) {
            throw new IllegalArgumentException("rows: %d values (expected: a multiple of %d dimensions)"
                    .formatted(rows.length, dimensions));
        }
        int pieces = rows.length / dimensions;
        byte[] values = new byte[rows.length];
        float[] scales = new float[pieces];
        for (int p = 0; p < pieces; p++) {
            int offset = p * dimensions;
            float max = 0;
            for (int d = 0; d < dimensions; d++) {
                max = Math.max(max, Math.abs(rows[offset + d]));
            }
            float scale = max / 127f;
            scales[p] = scale;
            for (int d = 0; d < dimensions; d++) {
                values[offset + d] = scale == 0 ? 0 : (byte) Math.round(rows[offset + d] / scale);
            }
        }
        return new PieceTable(base + "/" + hash(dimensions, values, scales), dimensions, values, scales);
    }

    /** The table's name, e.g. {@code minilm-static-256/1f2e3d4c}. */
    public String name() {
        return name;
    }

    public int dimensions() {
        return dimensions;
    }

    /** Number of pieces (the vocabulary size). */
    public int pieces() {
        return scales.length;
    }

    /**
     * The unit-length embedding of a text given as piece ids: the normalised sum of their rows. Ids outside
     * the table are skipped; if no row contributes, the result is the first axis (a fixed unit vector).
     */
    public float[] embed(int[] ids, int from, int to) {
        float[] sum = new float[dimensions];
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (id < 0 || id >= scales.length) {
                continue;
            }
            float scale = scales[id];
            int offset = id * dimensions;
            for (int d = 0; d < dimensions; d++) {
                sum[d] += scale * values[offset + d];
            }
        }
        double norm = 0;
        for (float v : sum) {
            norm += (double) v * v;
        }
        if (norm == 0) {
            sum[0] = 1;
            return sum;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimensions; d++) {
            sum[d] *= inverse;
        }
        return sum;
    }

    /** The int8 values, row after row (for serialisation). */
    public byte[] values() {
        return values;
    }

    /** The per-row scales (for serialisation). */
    public float[] scales() {
        return scales;
    }

    private static String hash(int dimensions, byte[] values, float[] scales) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ByteBuffer.allocate(4).putInt(dimensions).array());
            digest.update(values);
            ByteBuffer buffer = ByteBuffer.allocate(scales.length * 4).order(ByteOrder.BIG_ENDIAN);
            for (float scale : scales) {
                buffer.putFloat(scale);
            }
            digest.update(buffer.array());
            return HexFormat.of().formatHex(digest.digest(), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
