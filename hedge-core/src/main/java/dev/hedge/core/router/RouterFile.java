package dev.hedge.core.router;

import dev.hedge.core.embed.PieceTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The router's file format, version {@value #FORMAT}: big-endian binary, {@code HRTR}, the format version,
 * the {@link QualityRouter.Info} fields, the kNN memory (parameters, since format 3 what its targets hold
 * ({@link KnnMemory.Target}, by name: {@code label} or {@code gain}), targets, vectors as floats), the logistic
 * head (mean, scale, weights, bias), the blend weight, the calibration arrays and (since format 2) the router's
 * static embedding table if it has one (a flag, then name, dimensions, per-row scales as floats, int8 values).
 * Formats 1 (routers over MiniLM's contextual vectors, no table) and 2 are still read; their memories hold the
 * label ({@link KnnMemory.Target#LABEL}), so they score and learn exactly as before.
 * Writes go to a temporary file moved into place, so a reader never sees half a router.
 */
public final class RouterFile {

    /** The format version this code writes and reads. */
    public static final int FORMAT = 3;
    private static final int MAGIC = 0x48525452; // "HRTR"

    private RouterFile() {}

    /** Writes {@code router} to {@code file} atomically. */
    public static void write(QualityRouter router, Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temporary = Files.createTempFile(parent, absolute.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                writeTo(router, out);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write router " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a router.
     *
     * @throws IllegalArgumentException if the file is missing, not a router, or of another format version
     */
    public static QualityRouter read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("router " + file + ": not a Hedge router file");
            }
            int format = in.readInt();
            if (format < 1 || format > FORMAT) {
                throw new IllegalArgumentException("router %s: format %d (expected: 1 to %d; retrain it with this version)"
                        .formatted(file, format, FORMAT));
            }
            QualityRouter router = readFrom(in, format);
            return format >= 2 && in.readBoolean() ? router.withPieces(readPieces(in)) : router;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("router " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("router " + file + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    private static void writeTo(QualityRouter router, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        QualityRouter.Info info = router.info();
        out.writeUTF(info.strong());
        out.writeUTF(info.weak());
        out.writeUTF(info.embedder());
        out.writeInt(info.revision());
        out.writeInt(info.trainedItems());
        out.writeInt(info.feedbackItems());
        KnnMemory memory = router.memory();
        out.writeInt(memory.dimensions());
        out.writeInt(memory.k());
        out.writeDouble(memory.temperature());
        out.writeDouble(memory.priorWeight());
        out.writeDouble(memory.priorSimilarity());
        out.writeUTF(memory.target().name().toLowerCase(Locale.ROOT));
        writeFloats(out, memory.targets());
        writeFloats(out, memory.vectors());
        LogisticHead head = router.head();
        writeDoubles(out, head.mean());
        writeDoubles(out, head.scale());
        writeDoubles(out, head.weights());
        out.writeDouble(head.bias());
        out.writeDouble(router.knnWeight());
        Calibration calibration = router.calibration();
        writeDoubles(out, calibration.scores());
        writeDoubles(out, calibration.strong());
        writeDoubles(out, calibration.weak());
        out.writeBoolean(router.pieces().isPresent());
        if (router.pieces().isPresent()) {
            PieceTable table = router.pieces().get();
            out.writeUTF(table.name());
            out.writeInt(table.dimensions());
            writeFloats(out, table.scales());
            out.writeInt(table.values().length);
            out.write(table.values());
        }
    }

    private static PieceTable readPieces(DataInputStream in) throws IOException {
        String name = in.readUTF();
        int dimensions = in.readInt();
        float[] scales = readFloats(in);
        byte[] values = new byte[checkedLength(in.readInt())];
        in.readFully(values);
        return new PieceTable(name, dimensions, values, scales);
    }

    private static QualityRouter readFrom(DataInputStream in, int format) throws IOException {
        QualityRouter.Info info = new QualityRouter.Info(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(),
                in.readInt(), in.readInt());
        int dimensions = in.readInt();
        int k = in.readInt();
        double temperature = in.readDouble();
        double priorWeight = in.readDouble();
        double priorSimilarity = in.readDouble();
        KnnMemory.Target target = format >= 3 ? memoryTarget(in.readUTF()) : KnnMemory.Target.LABEL;
        float[] targets = readFloats(in);
        float[] vectors = readFloats(in);
        KnnMemory memory = new KnnMemory(dimensions, vectors, targets, target, k, temperature, priorWeight, priorSimilarity);
        LogisticHead head = new LogisticHead(readDoubles(in), readDoubles(in), readDoubles(in), in.readDouble());
        double knnWeight = in.readDouble();
        Calibration calibration = new Calibration(readDoubles(in), readDoubles(in), readDoubles(in));
        return new QualityRouter(info, memory, head, knnWeight, calibration);
    }

    private static KnnMemory.Target memoryTarget(String name) throws IOException {
        for (KnnMemory.Target target : KnnMemory.Target.values()) {
            if (target.name().toLowerCase(Locale.ROOT).equals(name)) {
                return target;
            }
        }
        throw new IOException("unknown memory target '%s'".formatted(name));
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] values = new double[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static int checkedLength(int length) throws IOException {
        if (length < 0 || length > 100_000_000) {
            throw new IOException("corrupt array length " + length);
        }
        return length;
    }
}
