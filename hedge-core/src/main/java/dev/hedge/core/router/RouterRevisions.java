package dev.hedge.core.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The revisions of a router file: the trained file {@code ROUTER} is revision 0; each persisted online update
 * is written next to it as {@code ROUTER.rev-N}. The current router is the highest revision present. A
 * rollback moves the highest revision aside (to {@code ROUTER.rev-N.rolled-back}, kept for inspection), so
 * the one before it is current again.
 */
public final class RouterRevisions {

    private RouterRevisions() {}

    /** The current router of {@code base}: its highest revision. */
    public static QualityRouter current(Path base) {
        OptionalInt latest = latest(base);
        QualityRouter router = RouterFile.read(latest.isPresent() ? revisionFile(base, latest.getAsInt()) : base);
        return latest.isPresent() ? router.withRevision(latest.getAsInt()) : router.withRevision(0);
    }

    /** Persists {@code router} as revision {@code router.info().revision()} of {@code base}. */
    public static void persist(QualityRouter router, Path base) {
        int revision = router.info().revision();
        if (revision <= 0) {
            throw new IllegalArgumentException("revision: %s (expected: > 0; revision 0 is the trained file)".formatted(revision));
        }
        RouterFile.write(router, revisionFile(base, revision));
    }

    /**
     * Undoes the latest online update.
     *
     * @return the router that is current afterwards
     * @throws IllegalStateException if only the trained file is left
     */
    public static QualityRouter rollback(Path base) {
        OptionalInt latest = latest(base);
        if (latest.isEmpty()) {
            throw new IllegalStateException("router " + base + " has no online updates to roll back (revision 0 is the trained file)");
        }
        Path file = revisionFile(base, latest.getAsInt());
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".rolled-back"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot roll back " + file + ": " + e.getMessage(), e);
        }
        return current(base);
    }

    /** The highest revision file present, if any. */
    public static OptionalInt latest(Path base) {
        Path absolute = base.toAbsolutePath();
        Path dir = absolute.getParent();
        Pattern pattern = Pattern.compile(Pattern.quote(absolute.getFileName().toString()) + "\\.rev-(\\d+)");
        if (dir == null || !Files.isDirectory(dir)) {
            return OptionalInt.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> pattern.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static Path revisionFile(Path base, int revision) {
        Path absolute = base.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".rev-" + revision);
    }
}
