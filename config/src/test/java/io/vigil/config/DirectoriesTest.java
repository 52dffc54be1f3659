package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

class DirectoriesTest {

    @TempDir
    Path temp;

    @Test
    void shouldDeleteTheWholeTreeWhenDirectoriesAreNested() throws Exception {
        // Given a tree with files at two depths
        Path root = temp.resolve("state");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/file"), "x");
        Files.writeString(root.resolve("top"), "y");

        // When
        Directories.deleteRecursively(root);

        // Then
        assertFalse(Files.exists(root));
    }

    @Test
    void shouldDoNothingWhenTheDirectoryIsMissingOrNull() {
        // When / Then
        assertDoesNotThrow(() -> Directories.deleteRecursively(temp.resolve("never-created")));
        assertDoesNotThrow(() -> Directories.deleteRecursively(null));
    }
}
