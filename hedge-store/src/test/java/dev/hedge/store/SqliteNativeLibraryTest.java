package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/** sqlite-jdbc's native library is copied once into the cache and loaded from there. */
class SqliteNativeLibraryTest {

    @TempDir
    Path cache;

    private Properties saved;

    @BeforeEach
    void clearChoice() {
        saved = (Properties) System.getProperties().clone();
        System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    @Test
    void copiesTheLibraryOnceAndPointsSqliteJdbcAtIt() throws Exception {
        SqliteNativeLibrary.useCopyIn(cache);

        String name = System.mapLibraryName("sqlitejdbc");
        Path copy = cache.resolve("sqlite-" + SQLiteJDBCLoader.getVersion()).resolve(name);
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(copy.getParent().toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo(name);
        try (InputStream original = SQLiteJDBCLoader.class.getResourceAsStream(
                "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name)) {
            assertThat(Files.readAllBytes(copy)).isEqualTo(original.readAllBytes());
        }
        try (var files = Files.list(copy.getParent())) {
            assertThat(files).containsExactly(copy); // no partial copy left behind
        }

        // a second start finds the copy and leaves it as it is
        long modified = Files.getLastModifiedTime(copy).toMillis();
        System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        SqliteNativeLibrary.useCopyIn(cache);
        assertThat(Files.getLastModifiedTime(copy).toMillis()).isEqualTo(modified);
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(copy.getParent().toString());
    }

    @Test
    void aLibraryPathTheUserChoseWins() {
        System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite");
        SqliteNativeLibrary.useCopyIn(cache);
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
        assertThat(cache).isEmptyDirectory();
    }
}
