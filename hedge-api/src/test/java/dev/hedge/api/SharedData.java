package dev.hedge.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the team's shared test data ({@code ../shared/data}); fails loudly when it is missing. */
public final class SharedData {
    private SharedData() {}

    public static Path path(String relative) {
        String dir = System.getProperty("hedge.shared.dir", "../shared");
        Path path = Path.of(dir, "data", relative).toAbsolutePath().normalize();
        // a git worktree sits deeper than a clone: look for shared/ beside every folder above
        for (Path up = Path.of("").toAbsolutePath(); !Files.exists(path) && up != null; up = up.getParent()) {
            path = up.resolve("shared").resolve("data").resolve(relative);
        }
        if (!Files.exists(path)) {
            throw new IllegalStateException("shared test data not found: " + path
                    + " (set -Dhedge.shared.dir to the folder holding data/)");
        }
        return path;
    }
}
