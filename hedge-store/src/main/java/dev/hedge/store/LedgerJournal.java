package dev.hedge.store;

import dev.hedge.api.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's write-ahead journal (SQLite stores): each request's row is appended as one JSON line before the
 * client gets its last byte, so a killed process loses nothing a client was answered, while the database takes
 * the rows in large batches off the request's path. The journal lives in segments ({@code <n>.jsonl}); a segment
 * is deleted once every row in it is committed to the database, and what a killed process left behind is replayed
 * into the database by the next one ({@code INSERT … ON CONFLICT DO NOTHING}, so rows written twice count once).
 *
 * <p>One writer owns a journal directory at a time (a file lock): a CLI command opening the store while a server
 * runs, or a second store on the same directory in one process, gets no journal and neither replays nor deletes
 * the owner's segments.
 */
final class LedgerJournal implements AutoCloseable {

    static final long SEGMENT_BYTES = 8L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LedgerJournal.class);
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Rows appended and not yet committed, per segment. */
    private final ConcurrentHashMap<Long, AtomicLong> outstanding = new ConcurrentHashMap<>();
    private FileChannel segment;
    private long segmentNumber;
    private long segmentBytes;
    /**
     * The line being written, reused: a heap buffer would be copied into a temporary direct one by the channel
     * anyway. Grows to the longest line seen.
     */
    private ByteBuffer line = ByteBuffer.allocateDirect(4096);

    private LedgerJournal(Path directory, FileChannel lockChannel, FileLock lock, long firstSegment) throws IOException {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.segmentNumber = firstSegment;
        this.segment = openSegment(firstSegment);
        outstanding.put(firstSegment, new AtomicLong());
    }

    /**
     * Opens the journal in {@code directory}, first handing every row an earlier process left there to
     * {@code replay} (which must make them durable before returning; the segments are deleted afterwards).
     *
     * @return empty when another process owns the directory
     * @throws UncheckedIOException when the directory cannot be used
     */
    static Optional<LedgerJournal> open(Path directory, Replay replay) {
        try {
            Files.createDirectories(directory);
            FileChannel lockChannel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process owns it already, through another store
            }
            if (lock == null) {
                lockChannel.close();
                return Optional.empty();
            }
            List<Path> left = segments(directory);
            long next = 1;
            for (Path path : left) {
                next = Math.max(next, number(path) + 1);
                List<LedgerRow> rows = read(path);
                if (!rows.isEmpty()) {
                    LOG.info("ledger: replaying {} journaled requests from {}", rows.size(), path.getFileName());
                    replay.write(rows);
                }
                Files.delete(path);
            }
            return Optional.of(new LedgerJournal(directory, lockChannel, lock, next));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ledger journal in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes replayed rows to the database. */
    @FunctionalInterface
    interface Replay {
        void write(List<LedgerRow> rows) throws IOException;
    }

    /**
     * Appends {@code row}; it survives this process from the moment this returns.
     *
     * @return the segment it went to, for {@link #committed}
     */
    long append(LedgerRow row) throws IOException {
        byte[] json = Json.write(row); // outside the lock: two event loops appending do not wait on each other's JSON
        synchronized (this) {
            if (line.capacity() < json.length + 1) {
                line = ByteBuffer.allocateDirect(Math.max(json.length + 1, 2 * line.capacity()));
            }
            line.clear().put(json).put((byte) '\n').flip();
            if (segmentBytes > 0 && segmentBytes + line.remaining() > SEGMENT_BYTES) {
                rotate();
            }
            while (line.hasRemaining()) {
                segmentBytes += segment.write(line);
            }
            outstanding.get(segmentNumber).incrementAndGet();
            return segmentNumber;
        }
    }

    /** The rows of {@code segment} counted by {@code rows} are in the database; a finished segment goes. */
    void committed(long segment, int rows) {
        AtomicLong left = outstanding.get(segment);
        if (left == null || left.addAndGet(-rows) > 0) {
            return;
        }
        synchronized (this) {
            if (segment != segmentNumber && left.get() == 0 && outstanding.remove(segment, left)) {
                delete(segment);
            }
        }
    }

    /** Closes the journal; segments whose rows are all committed are deleted, the rest stay for replay. */
    @Override
    public synchronized void close() {
        try {
            segment.close();
        } catch (IOException e) {
            LOG.warn("ledger: closing the journal: {}", e.getMessage());
        }
        outstanding.forEach((number, left) -> {
            if (left.get() == 0) {
                delete(number);
            } else {
                LOG.error("ledger: {} requests of journal segment {} are not in the database; the next start replays them",
                        left.get(), number);
            }
        });
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("ledger: releasing the journal lock: {}", e.getMessage());
        }
    }

    private FileChannel openSegment(long number) throws IOException {
        return FileChannel.open(path(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        long previous = segmentNumber;
        segment.close();
        segmentNumber = previous + 1;
        segment = openSegment(segmentNumber);
        segmentBytes = 0;
        outstanding.put(segmentNumber, new AtomicLong());
        AtomicLong left = outstanding.get(previous);
        if (left != null && left.get() == 0 && outstanding.remove(previous, left)) {
            delete(previous);
        }
    }

    private void delete(long number) {
        try {
            Files.deleteIfExists(path(number));
        } catch (IOException e) {
            LOG.warn("ledger: cannot delete journal segment {}: {}", number, e.getMessage());
        }
    }

    private Path path(long number) {
        return directory.resolve(String.format("%012d%s", number, SUFFIX));
    }

    private static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The rows of a segment; a line cut short by a killed process (the last one) is skipped. */
    private static List<LedgerRow> read(Path segment) throws IOException {
        List<LedgerRow> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(Json.mapper().readValue(line, LedgerRow.class));
                } catch (IOException e) {
                    LOG.warn("ledger: skipping an unreadable journal line in {}: {}", segment.getFileName(), e.getMessage());
                }
            }
        }
        return rows;
    }
}
