package dev.hedge.store;

import dev.hedge.api.json.Json;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's write-ahead journal (SQLite stores): each request's row is appended as one JSON line before the
 * client gets its last byte, so a killed process loses nothing a client was answered, while the database takes
 * the rows in large batches off the request's path. The journal lives in segments ({@code <n>.jsonl}); a segment
 * is deleted once every row in it is committed to the database, and what a killed process left behind is replayed
 * into the database by the next one ({@code INSERT … ON CONFLICT DO NOTHING}, so rows written twice count once).
 *
 * <p>A segment is a file of {@link #SEGMENT_BYTES} zeros, written out before it is used and mapped into memory:
 * appending a row is a copy into the mapping, not a {@code write(2)} (whose path through the file system cost the
 * event loop more than the row's JSON). The mapped pages are the operating system's page cache, so a row survives
 * a killed process from the moment it is copied, as it did from the moment {@code write(2)} returned; neither
 * survives a power cut without the disk's own cache. The rows of a segment end at its first zero byte (JSON has none).
 * The ledger's writer thread prepares the next segment ahead of need and unmaps the filled ones
 * ({@link #prepareNext}), so an event loop that fills a segment only swaps mappings; its pages are made present and
 * writable when it is mapped ({@link WritablePages}), so an append does not fault on a segment's fresh pages.
 *
 * <p>One writer owns a journal directory at a time (a file lock): a CLI command opening the store while a server
 * runs, or a second store on the same directory in one process, gets no journal and neither replays nor deletes
 * the owner's segments.
 */
final class LedgerJournal implements AutoCloseable {

    /**
     * What a segment is filled with before use, written from native memory: a heap buffer of a segment's size was
     * a megabyte allocated per segment, and another one the channel copied it into.
     */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    /**
     * About 2,000 rows. Small, because the pages of the mapped segment count in the process's resident memory; the
     * writer thread makes a new one every few hundred milliseconds at 10,000 requests a second.
     */
    static final long SEGMENT_BYTES = 1L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LedgerJournal.class);
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    /** Bytes per segment: {@link #SEGMENT_BYTES}, smaller in tests. */
    private final long segmentSize;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Rows appended and not yet committed, per segment. */
    private final ConcurrentHashMap<Long, AtomicLong> outstanding = new ConcurrentHashMap<>();
    /** The segment rows go to, mapped whole; null once closed. */
    private @Nullable Mapped segment;
    private long segmentNumber;
    /** {@link #outstanding}'s count for {@link #segmentNumber}: an append need not look it up. */
    private AtomicLong segmentOutstanding = new AtomicLong();
    /** Bytes of {@link #segment} holding rows; the rest is zeros. */
    private int segmentBytes;
    /** The highest segment number taken, by the current segment or one being prepared. */
    private long lastNumber;
    /** The next segment, prepared ahead; null when not (yet) prepared. */
    private @Nullable Mapped next;
    /**
     * Segments filled and left, still mapped: unmapping a shared mapping waits for every thread to reach a safepoint,
     * so the writer thread does it ({@link #prepareNext}), not the event loop that filled the segment.
     */
    private final List<Mapped> retired = new ArrayList<>();

    /**
     * A segment's file mapped into memory, until {@link #unmap}: the mapping goes when the segment is done, not
     * when the garbage collector gets to it (the pages of a mapping count in the process's resident memory).
     */
    private record Mapped(long number, MemorySegment memory, Arena arena) {
        void unmap() {
            arena.close();
        }
    }

    private LedgerJournal(Path directory, FileChannel lockChannel, FileLock lock, long firstSegment, long segmentSize)
            throws IOException {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.lockChannel = lockChannel;
        this.lock = lock;
        Mapped first = prepare(firstSegment, segmentSize);
        this.segmentNumber = first.number();
        this.segment = first;
        this.lastNumber = firstSegment;
        outstanding.put(firstSegment, segmentOutstanding);
    }

    /**
     * Opens the journal in {@code directory}, first handing every row an earlier process left there to
     * {@code replay} (which must make them durable before returning; the segments are deleted afterwards).
     *
     * @return empty when another process owns the directory
     * @throws UncheckedIOException when the directory cannot be used
     */
    static Optional<LedgerJournal> open(Path directory, Replay replay) {
        return open(directory, SEGMENT_BYTES, replay);
    }

    /** {@link #open(Path, Replay)} with segments of {@code segmentSize} bytes. */
    static Optional<LedgerJournal> open(Path directory, long segmentSize, Replay replay) {
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
            return Optional.of(new LedgerJournal(directory, lockChannel, lock, next, segmentSize));
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
     * @throws ClosedChannelException when the journal was closed
     */
    long append(LedgerRow row) throws IOException {
        // made outside the lock: two event loops appending do not wait on each other's JSON
        JournalLine line = JournalLine.of(row);
        byte[] json = line.bytes();
        int length = line.length();
        synchronized (this) {
            if (segment == null) {
                throw new ClosedChannelException();
            }
            if (segmentBytes + length + 1 > segment.memory().byteSize()) {
                rotate(length + 1);
            }
            MemorySegment memory = Objects.requireNonNull(segment).memory();
            // a process killed during the copy leaves a line cut short, which the next start skips
            MemorySegment.copy(json, 0, memory, ValueLayout.JAVA_BYTE, segmentBytes, length);
            memory.set(ValueLayout.JAVA_BYTE, segmentBytes + length, (byte) '\n');
            segmentBytes += length + 1;
            segmentOutstanding.incrementAndGet();
            return segmentNumber;
        }
    }

    /**
     * Makes the segment that follows the current one, if it is not made yet, and unmaps the segments filled since
     * the last call, so that filling a segment costs an event loop no file work. Called by the ledger's writer
     * thread between batches; cheap when there is nothing to do. A failure is logged, and the append that fills the
     * segment makes the next one itself.
     */
    void prepareNext() {
        long number;
        List<Mapped> done;
        synchronized (this) {
            done = List.copyOf(retired);
            retired.clear();
            if (next != null || segment == null) {
                number = -1;
            } else {
                number = ++lastNumber;
            }
        }
        done.forEach(Mapped::unmap);
        if (number < 0) {
            return;
        }
        Mapped prepared;
        try {
            prepared = prepare(number, segmentSize);
        } catch (IOException e) {
            LOG.warn("ledger: cannot prepare journal segment {}: {}", number, e.getMessage());
            return;
        }
        synchronized (this) {
            if (segment != null && next == null) {
                next = prepared;
                return;
            }
        }
        prepared.unmap(); // closed, or an append made its own meanwhile
        delete(number);
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

    /**
     * Closes the journal; segments whose rows are all committed are deleted, the rest stay for replay (cut to their
     * rows).
     */
    @Override
    public synchronized void close() {
        if (segment == null) {
            return;
        }
        segment.unmap();
        segment = null;
        retired.forEach(Mapped::unmap);
        retired.clear();
        if (next != null) {
            next.unmap();
            delete(next.number());
            next = null;
        }
        AtomicLong current = outstanding.get(segmentNumber);
        if (current != null && current.get() > 0) {
            try (FileChannel channel = FileChannel.open(path(segmentNumber), StandardOpenOption.WRITE)) {
                channel.truncate(segmentBytes);
            } catch (IOException e) {
                LOG.warn("ledger: cutting journal segment {} to its rows: {}", segmentNumber, e.getMessage());
            }
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

    /**
     * A new segment of at least {@code bytes} zeros, written out before it is mapped: the file system allocates its
     * blocks now, so a full disk shows as an exception here and never as a fault in an append.
     */
    private Mapped prepare(long number, long bytes) throws IOException {
        Path path = path(number);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ZEROS.duplicate(); // its own position and limit: an append may prepare beside the writer
            for (long written = 0; written < bytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - written));
                written += channel.write(zeros, written);
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
                WritablePages.populate(memory); // the appends then copy without faulting, page by page
                return new Mapped(number, memory, arena);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Moves to the next segment, which must hold at least {@code lineBytes}; a finished segment goes. */
    private void rotate(int lineBytes) throws IOException {
        Mapped following = next;
        next = null;
        if (following == null || following.memory().byteSize() < lineBytes) {
            if (following != null) {
                following.unmap();
                delete(following.number());
            }
            following = prepare(++lastNumber, Math.max(segmentSize, lineBytes));
        }
        long previous = segmentNumber;
        retired.add(Objects.requireNonNull(segment));
        segment = following;
        segmentNumber = following.number();
        segmentBytes = 0;
        segmentOutstanding = new AtomicLong();
        outstanding.put(segmentNumber, segmentOutstanding);
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

    /**
     * The rows of a segment: its lines up to the first zero byte (where a segment's rows end). A line cut short by a
     * killed process (the last one) is skipped.
     */
    private static List<LedgerRow> read(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        List<LedgerRow> rows = new ArrayList<>();
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(Json.mapper().readValue(line, LedgerRow.class));
            } catch (IOException e) {
                LOG.warn("ledger: skipping an unreadable journal line in {}: {}", segment.getFileName(), e.getMessage());
            }
        }
        return rows;
    }
}
