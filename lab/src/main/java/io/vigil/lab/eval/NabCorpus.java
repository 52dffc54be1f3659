package io.vigil.lab.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A NAB checkout on disk: {@code data/<category>/<file>.csv}, {@code labels/combined_windows.json},
 * {@code config/profiles.json} and, for comparison, {@code config/thresholds.json} and
 * {@code results/final_results.json}. Every data file that has an entry in the labels is loaded.
 */
public final class NabCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<NabSeries> series;
    private final Map<String, NabProfile> profiles;

    private NabCorpus(Path dir, List<NabSeries> series, Map<String, NabProfile> profiles) {
        this.dir = dir;
        this.series = List.copyOf(series);
        this.profiles = profiles;
    }

    public static NabCorpus load(Path dir) {
        try {
            JsonNode labels = JSON.readTree(dir.resolve("labels/combined_windows.json").toFile());
            List<NabSeries> series = new ArrayList<>();
            for (Path file : dataFiles(dir.resolve("data"))) {
                String name = dir.resolve("data").relativize(file).toString().replace('\\', '/');
                JsonNode windows = labels.get(name);
                if (windows != null) {
                    series.add(read(name, file, windows));
                }
            }
            if (series.isEmpty()) {
                throw new IllegalArgumentException("No labelled NAB data files under " + dir.resolve("data"));
            }
            return new NabCorpus(dir, series, readProfiles(dir.resolve("config/profiles.json")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the NAB corpus at " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public List<NabSeries> series() {
        return series;
    }

    public NabProfile profile(String name) {
        NabProfile p = profiles.get(name);
        if (p == null) {
            throw new IllegalArgumentException("Unknown NAB profile " + name + "; expected one of " + profiles.keySet());
        }
        return p;
    }

    public List<NabProfile> profiles() {
        return List.copyOf(profiles.values());
    }

    public int windowCount() {
        return series.stream().mapToInt(s -> s.windows().size()).sum();
    }

    /** {@code results/final_results.json}: detector name to profile name to normalised score. */
    public Map<String, Map<String, Double>> publishedScores() {
        return nested(dir.resolve("results/final_results.json"), null);
    }

    /** {@code config/thresholds.json}: detector name to profile name to the threshold NAB's optimiser chose. */
    public Map<String, Map<String, Double>> publishedThresholds() {
        return nested(dir.resolve("config/thresholds.json"), "threshold");
    }

    private static Map<String, Map<String, Double>> nested(Path file, String field) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, Map<String, Double>> out = new TreeMap<>();
            root.fields().forEachRemaining(detector -> {
                Map<String, Double> byProfile = new TreeMap<>();
                detector.getValue().fields().forEachRemaining(p ->
                        byProfile.put(p.getKey(), (field == null ? p.getValue() : p.getValue().get(field)).asDouble()));
                out.put(detector.getKey(), byProfile);
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static List<Path> dataFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }

    private static Map<String, NabProfile> readProfiles(Path file) throws IOException {
        Map<String, NabProfile> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(file.toFile()).fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue().get("CostMatrix");
            out.put(e.getKey(), new NabProfile(e.getKey(), c.get("tpWeight").asDouble(), c.get("fpWeight").asDouble(),
                    c.get("fnWeight").asDouble()));
        }
        return out;
    }

    /** NAB's timestamps, {@code 2014-04-10 07:15:00} with an optional fraction, read as UTC. */
    static long millis(String timestamp) {
        return LocalDateTime.parse(timestamp.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** Reads a CSV whose first two columns are timestamp and value (NAB data and results files alike). */
    static List<String[]> rows(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String[]> rows = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(lines.get(i).split(","));
            }
        }
        return rows;
    }

    private static NabSeries read(String name, Path file, JsonNode windows) throws IOException {
        List<String[]> rows = rows(file);
        long[] t = new long[rows.size()];
        double[] v = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            t[i] = millis(rows.get(i)[0]);
            v[i] = Double.parseDouble(rows.get(i)[1]);
        }
        return new NabSeries(name, t, v, windowsOf(t, windows));
    }

    /** Each labelled [start, end] as the first and last row whose time lies inside it. */
    static List<NabSeries.Window> windowsOf(long[] t, JsonNode windows) {
        List<NabSeries.Window> out = new ArrayList<>();
        for (JsonNode w : windows) {
            long start = millis(w.get(0).asText());
            long end = millis(w.get(1).asText());
            int first = 0;
            while (first < t.length && t[first] < start) {
                first++;
            }
            int last = first;
            while (last + 1 < t.length && t[last + 1] <= end) {
                last++;
            }
            if (first < t.length && t[first] <= end) {
                out.add(new NabSeries.Window(first, last));
            }
        }
        return out;
    }
}
