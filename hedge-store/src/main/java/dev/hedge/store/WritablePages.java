package dev.hedge.store;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the pages of a shared file mapping present and writable in one system call ({@code madvise} with
 * {@code MADV_POPULATE_WRITE}, Linux 5.14 and later), so the thread that later copies into them takes no page fault.
 *
 * <p>Without it, the first writes to a freshly mapped journal segment fault its pages in (one page, or one of the page
 * cache's folios, at a time), and each fault runs the file system's {@code page_mkwrite} on the event loop that
 * appends the row: 1.2 % of the event loops' CPU samples under {@code wrk -c64}. Populated by the writer thread that prepares the segment, the pages are faulted in as one
 * batch, off the request's path. Where the call is missing or refused (another OS, an older kernel, native access
 * denied), nothing changes: the pages fault in on first write, as before.
 */
final class WritablePages {

    private static final Logger LOG = LoggerFactory.getLogger(WritablePages.class);
    /** {@code MADV_POPULATE_WRITE} from Linux's {@code mman-common.h}, the same on every architecture. */
    private static final int MADV_POPULATE_WRITE = 23;
    private static final @Nullable MethodHandle MADVISE = madvise().orElse(null);
    private static volatile boolean refused;

    private WritablePages() {}

    /**
     * Asks for every page of {@code memory} (a page-aligned mapping, as {@code FileChannel.map} returns) to be made
     * present and writable now.
     *
     * @return whether the kernel did so; false where it cannot, after which every later call returns false at once
     */
    static boolean populate(MemorySegment memory) {
        MethodHandle madvise = MADVISE;
        if (madvise == null || refused || memory.byteSize() == 0) {
            return false;
        }
        int result;
        try {
            result = (int) madvise.invokeExact(memory, memory.byteSize(), MADV_POPULATE_WRITE);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact declares Throwable; the downcall itself throws nothing checked
            LOG.debug("ledger: madvise(MADV_POPULATE_WRITE) failed; journal pages fault in on first write", e);
            refused = true;
            return false;
        }
        if (result != 0) {
            refused = true;
            LOG.debug("ledger: madvise(MADV_POPULATE_WRITE) refused; journal pages fault in on first write");
            return false;
        }
        return true;
    }

    private static Optional<MethodHandle> madvise() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("madvise").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT)));
        } catch (RuntimeException e) { // native access denied (--illegal-native-access=deny), or no such linker
            LOG.debug("ledger: no madvise ({}); journal pages fault in on first write", e.toString());
            return Optional.empty();
        }
    }
}
