package dev.hedge.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files under {@code src/test/resources/golden}: what a translation must produce. A test compares
 * with the file; running with {@code -Dhedge.golden.update=true} rewrites the files instead (review the
 * diff before committing).
 */
public final class Golden {
    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {}

    public static String read(String name) {
        try {
            return Files.readString(ROOT.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + ROOT.resolve(name) + " is missing", e);
        }
    }

    public static void assertLines(String name, List<String> actual) {
        assertText(name, String.join("\n", actual) + "\n");
    }

    public static void assertText(String name, String actual) {
        Path file = ROOT.resolve(name);
        if (Boolean.getBoolean("hedge.golden.update")) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(actual).as("golden file %s", file).isEqualTo(read(name));
    }
}
