package dev.hedge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Where sqlite-jdbc loads its native library from. Left alone, it copies the library out of its jar on every start,
 * under a random name (seeding a SecureRandom) and after comparing MD5 digests of both copies: over half a second of
 * a Hedge start on a busy machine. Instead the library is copied once per sqlite-jdbc version into the data
 * directory's cache and loaded from there. Any failure leaves the choice to sqlite-jdbc, as does a library path the
 * user set ({@code -Dorg.sqlite.lib.path}).
 */
final class SqliteNativeLibrary {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {}

    /** Points sqlite-jdbc at a copy of its library under {@code cacheDir}, copying it there first if needed. */
    static synchronized void useCopyIn(Path cacheDir) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = System.mapLibraryName("sqlitejdbc");
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        Path target = cacheDir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion()).resolve(name);
        if (!Files.isRegularFile(target)) {
            Path partial = null;
            try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return; // not bundled for this platform: sqlite-jdbc looks further itself
                }
                Files.createDirectories(target.getParent());
                partial = Files.createTempFile(target.getParent(), name, ".partial");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                // whole or not at all: another process may be starting from the same data directory
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(partial);
                return;
            }
        }
        System.setProperty(PATH_PROPERTY, target.getParent().toString());
        System.setProperty(NAME_PROPERTY, name);
    }

    private static void deleteQuietly(@Nullable Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray partial copy in a cache directory harms nothing
            }
        }
    }
}
