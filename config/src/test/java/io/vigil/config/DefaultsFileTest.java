package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** vigil-defaults.properties is the single list of settings: it and the code must agree. */
class DefaultsFileTest {

    @Test
    void shouldListEverySettingOnceWhenDefaultsFileIsRead() {
        // When
        Set<String> keys = ConfigLoader.classpathDefaults().keySet();

        // Then
        assertEquals(Set.copyOf(Setting.keys()), keys);
    }

    @Test
    void shouldExplainEverySettingWhenDefaultsFileIsRead() throws IOException {
        // Given
        List<String> lines = defaultsLines();

        // When: the line above each key
        List<String> unexplained = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("vigil.") && (i == 0 || !lines.get(i - 1).startsWith("#"))) {
                unexplained.add(line);
            }
        }

        // Then
        assertTrue(unexplained.isEmpty(), "settings without a comment: " + unexplained);
    }

    private static List<String> defaultsLines() throws IOException {
        try (InputStream in = DefaultsFileTest.class.getResourceAsStream("/vigil-defaults.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
