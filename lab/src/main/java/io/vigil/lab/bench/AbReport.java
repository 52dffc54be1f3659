package io.vigil.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code vigil bench --ab} measured per variant: its pass-through and card detection under exactly-once, their
 * ratio, its detection rate relative to the baseline's in the same repetition, and its latency at a common rate.
 */
public final class AbReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchSettings settings;
    private final Map<String, Object> settingsJson;
    private final List<BenchVariant> variants;
    private final Map<String, List<DrainStage.Result>> passThrough = new HashMap<>();
    private final Map<String, List<DrainStage.Result>> stateFloor = new HashMap<>();
    private final Map<String, List<DrainStage.Result>> detection = new HashMap<>();
    private final Map<String, LatencyRun> latency = new HashMap<>();

    AbReport(BenchSettings settings, Map<String, Object> settingsJson, List<BenchVariant> variants) {
        this.settings = settings;
        this.settingsJson = settingsJson;
        this.variants = variants;
    }

    void passThrough(BenchVariant variant, DrainStage.Result result) {
        passThrough.computeIfAbsent(variant.name(), n -> new ArrayList<>()).add(result);
    }

    void stateFloor(BenchVariant variant, DrainStage.Result result) {
        stateFloor.computeIfAbsent(variant.name(), n -> new ArrayList<>()).add(result);
    }

    void detection(BenchVariant variant, DrainStage.Result result) {
        detection.computeIfAbsent(variant.name(), n -> new ArrayList<>()).add(result);
    }

    void latency(BenchVariant variant, LatencyRun run) {
        latency.put(variant.name(), run);
    }

    double detectionMedian(BenchVariant variant) {
        return BenchReport.median(detection.getOrDefault(variant.name(), List.of()), DrainStage.Result::eventsPerSec);
    }

    double stateFloorMedian(BenchVariant variant) {
        return BenchReport.median(stateFloor.getOrDefault(variant.name(), List.of()), DrainStage.Result::eventsPerSec);
    }

    double passThroughMedian(BenchVariant variant) {
        return BenchReport.median(passThrough.getOrDefault(variant.name(), List.of()),
                DrainStage.Result::eventsPerSec);
    }

    /**
     * The variant's detection rate over the baseline's, repetition by repetition (runs minutes apart, so the
     * machine's load changes less between them than over the whole run), then the median.
     */
    double detectionToBaseline(BenchVariant variant) {
        return toBaseline(detection, variant);
    }

    /** The same for the state floor. */
    double stateFloorToBaseline(BenchVariant variant) {
        return toBaseline(stateFloor, variant);
    }

    private double toBaseline(Map<String, List<DrainStage.Result>> stage, BenchVariant variant) {
        List<DrainStage.Result> mine = stage.getOrDefault(variant.name(), List.of());
        List<DrainStage.Result> base = stage.getOrDefault(variants.get(0).name(), List.of());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(mine.size(), base.size()); i++) {
            ratios.add(mine.get(i).eventsPerSec() / base.get(i).eventsPerSec());
        }
        return BenchReport.median(ratios, Double::doubleValue);
    }

    public void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "vigil bench --ab: %,d events, %d repetitions, load average %.1f at start and %.1f "
                        + "now, latency at %,.0f events/s%n", settings.events(), settings.repeat(),
                settingsJson.get("loadAverageAtStart"), loadAverage(), latencyRate());
        out.printf(Locale.ROOT, "%-14s %12s %10s %8s %10s %12s %8s %8s %8s %8s  %s%n", "variant", "pass-thr/s",
                "floor/s", "floor/pt", "floor vs", "detect/s", "det/pt", "det vs", "p50 ms", "p99 ms", "settings");
        for (BenchVariant v : variants) {
            LatencyRun l = latency.get(v.name());
            out.printf(Locale.ROOT, "%-14s %,12.0f %,10.0f %8.2f %10.2f %,12.0f %8.2f %8.2f %8s %8s  %s%n", v.name(),
                    passThroughMedian(v), stateFloorMedian(v), stateFloorMedian(v) / passThroughMedian(v),
                    stateFloorToBaseline(v), detectionMedian(v), detectionMedian(v) / passThroughMedian(v),
                    detectionToBaseline(v), l == null ? "-" : l.p50(), l == null ? "-" : l.p99(),
                    v.settings().isEmpty() ? "(baseline)" : v.settings());
        }
    }

    public void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("variants");
        for (BenchVariant v : variants) {
            ObjectNode node = list.addObject();
            node.put("name", v.name()).put("settings", v.settings()).put("streamThreads", v.threads());
            node.putObject("passThroughEos").put("eventsPerSec", passThroughMedian(v));
            node.putObject("stateFloorEos").put("eventsPerSec", stateFloorMedian(v));
            ArrayNode floorRuns = node.with("stateFloorEos").putArray("runsEventsPerSec");
            stateFloor.getOrDefault(v.name(), List.of()).forEach(r -> floorRuns.add(r.eventsPerSec()));
            node.putObject("detectionEos").put("eventsPerSec", detectionMedian(v));
            ArrayNode runs = node.with("detectionEos").putArray("runsEventsPerSec");
            detection.getOrDefault(v.name(), List.of()).forEach(r -> runs.add(r.eventsPerSec()));
            node.putObject("ratios")
                    .put("detectionEosToPassThroughEos", detectionMedian(v) / passThroughMedian(v))
                    .put("detectionEosToBaseline", detectionToBaseline(v))
                    .put("stateFloorEosToPassThroughEos", stateFloorMedian(v) / passThroughMedian(v))
                    .put("stateFloorEosToBaseline", stateFloorToBaseline(v))
                    .put("detectionEosToStateFloorEos", detectionMedian(v) / stateFloorMedian(v));
            LatencyRun l = latency.get(v.name());
            if (l != null) {
                node.putObject("latencyMs").put("p50", l.p50()).put("p99", l.p99()).put("p999", l.p999())
                        .put("alertsTimed", l.histogram().getTotalCount())
                        .put("targetEventsPerSec", l.targetPerSec());
            }
        }
        ObjectNode settingsNode = JSON.valueToTree(settingsJson);
        settingsNode.put("loadAverageAtEnd", loadAverage());
        root.set("settings", settingsNode);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    private double latencyRate() {
        return latency.values().stream().mapToDouble(LatencyRun::targetPerSec).findFirst().orElse(0);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
