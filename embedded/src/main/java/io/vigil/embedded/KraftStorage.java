package io.vigil.embedded;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/** A node's storage directory: formatting it as {@code kafka-storage.sh format} does, and cleaning up. */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {
    }

    /** A new random cluster id, as {@code kafka-storage.sh random-uuid} prints. */
    static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    /**
     * Formats the storage with every production feature at the latest production level
     * (transaction.version 2, group.version 1, streams.version 1: exactly-once v2, the KIP-848
     * consumer protocol and the KIP-1071 streams protocol). An already formatted directory is left
     * as it is, so {@code --dir} can be reused across runs and a killed node restarts on its log.
     *
     * @param clusterId the id to format with; null for a new one. Every node of a cluster must be
     *                  formatted with the same id.
     * @return the cluster id the storage was formatted with, or the existing one
     */
    static String format(Path dataDir, int nodeId, String clusterId) {
        String existing = existingClusterId(dataDir);
        if (existing != null) {
            if (clusterId != null && !clusterId.equals(existing)) {
                throw new IllegalArgumentException(dataDir + " belongs to cluster " + existing
                        + ", not " + clusterId + "; use another directory");
            }
            return existing;
        }
        String id = clusterId == null ? newClusterId() : clusterId;
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false,
                        StandardCharsets.UTF_8))
                .setClusterId(id)
                .setNodeId(nodeId)
                .setControllerListenerName(KraftNodeConfig.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dataDir.toString())
                .addDirectory(dataDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dataDir + ": "
                    + e.getMessage(), e);
        }
        return id;
    }

    /**
     * Refuses a directory that holds other files but no Kafka storage: formatting it would
     * scatter Kafka's files among the user's (think {@code --dir .}).
     */
    static void checkUsable(Path dataDir) {
        if (Files.isRegularFile(dataDir.resolve("meta.properties"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("Directory " + dataDir + " is not empty and holds"
                        + " no Kafka storage (no meta.properties); use a new or empty directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Kafka data directory " + dataDir, e);
        }
    }

    private static String existingClusterId(Path dataDir) {
        Path metaProperties = dataDir.resolve("meta.properties");
        if (!Files.isRegularFile(metaProperties)) {
            return null;
        }
        Properties meta = new Properties();
        try (var reader = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
            meta.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + metaProperties, e);
        }
        String clusterId = meta.getProperty("cluster.id");
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalStateException(metaProperties + " has no cluster.id; delete "
                    + dataDir + " or choose another directory");
        }
        return clusterId;
    }

    static Path createTempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Kafka", e);
        }
    }

    static Path createDirs(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + dir, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", dir, e.getMessage());
        }
    }
}
