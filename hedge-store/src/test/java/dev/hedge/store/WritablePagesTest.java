package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real kernel: the machines Hedge runs on (and CI) are Linux 5.14 or later. */
class WritablePagesTest {

    private static final int PAGES = 256;
    private static final int PAGE = 4096;

    @TempDir
    Path directory;

    @Test
    void populatingMapsEveryPageOfTheSegmentAtOnce() throws IOException {
        try (FileChannel channel = zeros(directory.resolve("segment")); Arena arena = Arena.ofShared()) {
            MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, PAGES * PAGE, arena);
            // untouched, a fresh mapping has no page in the page table: the first writes would fault them in
            assertThat(presentPages(memory)).isZero();

            assertThat(WritablePages.populate(memory)).isTrue();

            assertThat(presentPages(memory)).isEqualTo(PAGES);
        }
    }

    @Test
    void populatingKeepsTheFilesZerosAndTheMappingWritable() throws IOException {
        Path file = directory.resolve("segment");
        try (FileChannel channel = zeros(file); Arena arena = Arena.ofShared()) {
            MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, PAGES * PAGE, arena);
            assertThat(WritablePages.populate(memory)).isTrue();
            for (long offset = 0; offset < memory.byteSize(); offset += 512) {
                assertThat(memory.get(ValueLayout.JAVA_BYTE, offset)).isZero();
            }
            memory.set(ValueLayout.JAVA_BYTE, 5 * PAGE + 7, (byte) '{');
            memory.force();
        }
        assertThat(Files.readAllBytes(file)[5 * PAGE + 7]).isEqualTo((byte) '{');
    }

    @Test
    void anEmptyMappingIsLeftAlone() {
        assertThat(WritablePages.populate(MemorySegment.NULL)).isFalse();
    }

    private static FileChannel zeros(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(PAGES * PAGE), 0);
        return channel;
    }

    /**
     * Pages of {@code memory} present in this process's page table: bit 63 of each page's entry in
     * {@code /proc/self/pagemap}, which any process may read for itself.
     */
    private static int presentPages(MemorySegment memory) throws IOException {
        try (FileChannel pagemap = FileChannel.open(Path.of("/proc/self/pagemap"), StandardOpenOption.READ)) {
            ByteBuffer entries = ByteBuffer.allocate(PAGES * Long.BYTES).order(ByteOrder.nativeOrder());
            long position = memory.address() / PAGE * Long.BYTES;
            while (entries.hasRemaining() && pagemap.read(entries, position + entries.position()) > 0) {
                // read until the whole range is in
            }
            entries.flip();
            int present = 0;
            while (entries.hasRemaining()) {
                if (entries.getLong() < 0) {
                    present++;
                }
            }
            return present;
        }
    }
}
