package dev.hedge.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** The team's test models in {@code ../shared/data/models}; fails loudly when they are missing. */
final class SharedModels {
    private SharedModels() {}

    static Path path(String file) {
        Path path = Path.of(System.getProperty("hedge.shared.dir", "../shared"), "data", "models", file)
                .toAbsolutePath().normalize();
        // a git worktree sits deeper than a clone: look for shared/ beside every folder above
        for (Path up = Path.of("").toAbsolutePath(); !Files.isRegularFile(path) && up != null; up = up.getParent()) {
            path = up.resolve("shared").resolve("data").resolve("models").resolve(file);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test model not found: " + path);
        }
        return path;
    }
}
