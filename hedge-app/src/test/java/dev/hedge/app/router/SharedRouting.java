package dev.hedge.app.router;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's routing items in {@code shared/data/routing}: {@code -Dhedge.shared.dir} if it holds them,
 * else the first {@code shared/} found walking up from the working directory. Fails loudly when missing.
 */
final class SharedRouting {

    private SharedRouting() {}

    static Path file(String name) {
        String configured = System.getProperty("hedge.shared.dir", "../shared");
        Path candidate = Path.of(configured, "data", "routing", name).toAbsolutePath().normalize();
        if (Files.isRegularFile(candidate)) {
            return candidate;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path found = dir.resolve("shared").resolve("data").resolve("routing").resolve(name);
            if (Files.isRegularFile(found)) {
                return found;
            }
        }
        throw new IllegalStateException("routing data not found: " + candidate
                + " (nor shared/data/routing/" + name + " in any parent directory; set -Dhedge.shared.dir)");
    }
}
