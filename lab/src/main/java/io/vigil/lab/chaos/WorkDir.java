package io.vigil.lab.chaos;

import io.vigil.config.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one chaos run keeps its files: the broker's log directory, the instances' state, and the child
 * processes' output.
 */
final class WorkDir {

    private final Path root;

    private WorkDir(Path root) {
        this.root = root;
    }

    /** Uses {@code dir}, created if needed, or a new temporary directory when it is null. */
    static WorkDir create(Path dir) {
        try {
            Path root = dir == null ? Files.createTempDirectory("vigil-chaos-") : Files.createDirectories(dir);
            Files.createDirectories(root.resolve("logs"));
            return new WorkDir(root.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the chaos work directory " + dir, e);
        }
    }

    Path root() {
        return root;
    }

    Path brokerData() {
        return root.resolve("broker");
    }

    Path stateRoot() {
        return root.resolve("state");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path log(String name) {
        return logs().resolve(name + ".log");
    }

    /** Deletes everything but the logs, which explain a failed run. */
    void deleteAllButLogs() {
        Directories.deleteRecursively(brokerData());
        Directories.deleteRecursively(stateRoot());
    }

    void delete() {
        Directories.deleteRecursively(root);
    }

}
