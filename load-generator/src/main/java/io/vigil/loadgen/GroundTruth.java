package io.vigil.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was injected, for scoring detection against: a list of {@link Injection}s, stored as JSON lines.
 *
 * <p>JSON lines because a benchmark appends while it runs and a reader can process a file of any length one
 * line at a time; each line carries {@code expectedAlerts} so that a reader in another language needs no
 * knowledge of the patterns. Thread-safe: the generator adds while a reporter may read.
 */
public final class GroundTruth {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Injection> injections = new ArrayList<>();

    public GroundTruth() {
    }

    public GroundTruth(List<Injection> injections) {
        this.injections.addAll(injections);
    }

    public synchronized void add(Injection injection) {
        injections.add(injection);
    }

    /** A snapshot, in the order the injections were completed. */
    public synchronized List<Injection> injections() {
        return List.copyOf(injections);
    }

    /** Number of injections per pattern id, sorted by pattern id. */
    public synchronized Map<String, Long> countByPattern() {
        Map<String, Long> counts = new TreeMap<>();
        injections.forEach(i -> counts.merge(i.pattern(), 1L, Long::sum));
        return counts;
    }

    public void writeJsonLines(Writer out) throws IOException {
        for (Injection injection : injections()) {
            out.write(toJson(injection));
            out.write('\n');
        }
        out.flush();
    }

    public void writeJsonLines(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeJsonLines(out);
        }
    }

    public static GroundTruth readJsonLines(Reader in) throws IOException {
        List<Injection> read = new ArrayList<>();
        BufferedReader lines = new BufferedReader(in);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isBlank()) {
                read.add(fromJson(line));
            }
        }
        return new GroundTruth(read);
    }

    public static GroundTruth readJsonLines(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readJsonLines(in);
        }
    }

    static String toJson(Injection injection) {
        ObjectNode node = JSON.createObjectNode();
        node.put("injectionId", injection.injectionId());
        node.put("pattern", injection.pattern());
        node.put("entityId", injection.entityId());
        ArrayNode eventIds = node.putArray("eventIds");
        injection.eventIds().forEach(eventIds::add);
        node.put("firstEventTime", injection.firstEventTime().toString());
        node.put("lastEventTime", injection.lastEventTime().toString());
        node.put("expectedAlerts", injection.expectedAlerts());
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Injection fromJson(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        List<String> eventIds = new ArrayList<>();
        node.path("eventIds").forEach(id -> eventIds.add(id.asText()));
        String pattern = required(node, "pattern");
        int expectedAlerts = node.path("expectedAlerts").asInt(Injection.defaultExpectedAlerts(pattern));
        return new Injection(required(node, "injectionId"), pattern, required(node, "entityId"), eventIds,
                Instant.parse(required(node, "firstEventTime")), Instant.parse(required(node, "lastEventTime")),
                expectedAlerts);
    }

    private static String required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("Ground truth line lacks text field '" + field + "': " + node);
        }
        return value.asText();
    }
}
