package dev.hedge.providers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's shared test data: {@code -Dhedge.shared.dir}, else the first {@code shared/} folder beside the
 * repository or one of its parents (a worktree sits deeper than a clone). Fails loudly when it is missing.
 */
public final class SharedData {
    private SharedData() {}

    public static Path path(String relative) {
        String configured = System.getProperty("hedge.shared.dir");
        if (configured != null) {
            Path path = Path.of(configured, "data", relative).toAbsolutePath().normalize();
            if (Files.exists(path)) {
                return path;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path path = dir.resolve("shared").resolve("data").resolve(relative);
            if (Files.exists(path)) {
                return path;
            }
        }
        throw new IllegalStateException("shared test data not found: data/" + relative + " (looked in "
                + configured + " and in every shared/ above " + Path.of("").toAbsolutePath()
                + "; set -Dhedge.shared.dir to the folder holding data/)");
    }
}
