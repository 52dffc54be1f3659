package io.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing a directory tree: state directories, broker data, scratch space of the lab runs and
 * the tests. One copy here, in the module every other one depends on, so that the deletion
 * order (children before their parent) and the error message are written once.
 */
public final class Directories {

    private Directories() {
    }

    /**
     * Deletes {@code dir} and everything below it. A missing (or {@code null}) directory is
     * already deleted, so it is not an error.
     *
     * @throws UncheckedIOException naming the path that could not be deleted
     */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        // Deepest paths first: a directory can only be deleted once it is empty.
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
