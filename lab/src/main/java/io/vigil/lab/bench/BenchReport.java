package io.vigil.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything one bench run measured, with the medians over repetitions, the ratios between stages and the
 * targets they are held against; printed as a table and written as JSON.
 */
public final class BenchReport {

    /** detection EOS / pass-through EOS must reach this (stretch: {@link #STRETCH_PASS_THROUGH}). */
    public static final double TARGET_PASS_THROUGH = 0.6;
    public static final double STRETCH_PASS_THROUGH = 0.8;
    /** detection EOS / detection ALOS must reach this. */
    public static final double TARGET_ALOS = 0.85;
    /** p99 event-to-alert latency at the latency stage's load must stay within this. */
    public static final long TARGET_P99_MILLIS = 250;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchSettings settings;
    private final Map<String, Object> settingsJson;
    private final Backlog backlog;
    private final List<ProducerRun> producerRuns = new ArrayList<>();
    private final Stage passThroughEos = new Stage("passThroughEos", "pass-through, exactly_once_v2");
    private final Stage detectionEos = new Stage("detectionEos", "full detection, exactly_once_v2");
    private final Stage detectionAlos = new Stage("detectionAlos", "full detection, at_least_once");
    private final List<LatencyRun> latencyRuns = new ArrayList<>();
    private final Map<String, List<Long>> alerts = new LinkedHashMap<>();
    private ProducerRun backlogLoad;
    private StateSizes stateSizes = StateSizes.NONE;
    private long heapMaxBytes;
    private long heapAfterGcBytes;

    BenchReport(BenchSettings settings, Map<String, Object> settingsJson, Backlog backlog) {
        this.settings = settings;
        this.settingsJson = settingsJson;
        this.backlog = backlog;
    }

    /** The drains of one throughput stage over all repetitions. */
    public static final class Stage {
        private final String key;
        private final String label;
        private final List<DrainStage.Result> runs = new ArrayList<>();

        Stage(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** Median events per second over the repetitions. */
        public double median() {
            return BenchReport.median(runs, DrainStage.Result::eventsPerSec);
        }

        double medianSeconds() {
            return BenchReport.median(runs, DrainStage.Result::seconds);
        }

        long peakHeapBytes() {
            return runs.stream().mapToLong(DrainStage.Result::peakHeapBytes).max().orElse(0);
        }

        String key() {
            return key;
        }

        String label() {
            return label;
        }
    }

    void backlogLoad(ProducerRun run) {
        backlogLoad = run;
    }

    void producerCeiling(ProducerRun run) {
        producerRuns.add(run);
    }

    void passThroughEos(DrainStage.Result result) {
        passThroughEos.runs.add(result);
    }

    void detectionEos(DrainStage.Result result) {
        detectionEos.runs.add(result);
    }

    void detectionAlos(DrainStage.Result result) {
        detectionAlos.runs.add(result);
    }

    void latency(LatencyRun run) {
        latencyRuns.add(run);
    }

    void alerts(String stage, long count) {
        alerts.computeIfAbsent(stage, s -> new ArrayList<>()).add(count);
    }

    void stateSizes(StateSizes sizes) {
        stateSizes = sizes;
    }

    void heap(long maxBytes, long afterGcBytes) {
        heapMaxBytes = maxBytes;
        heapAfterGcBytes = afterGcBytes;
    }

    public Stage detectionEos() {
        return detectionEos;
    }

    public double producerCeiling() {
        return median(producerRuns, ProducerRun::eventsPerSec);
    }

    public double detectionEosToPassThroughEos() {
        return detectionEos.median() / passThroughEos.median();
    }

    public double detectionEosToAlos() {
        return detectionEos.median() / detectionAlos.median();
    }

    public double detectionEosToProducerCeiling() {
        return detectionEos.median() / producerCeiling();
    }

    public long latencyP50() {
        return (long) median(latencyRuns, r -> r.p50());
    }

    public long latencyP99() {
        return (long) median(latencyRuns, r -> r.p99());
    }

    public long latencyP999() {
        return (long) median(latencyRuns, r -> r.p999());
    }

    /** The latency histogram of the repetition whose p99 is the median, for the chart. */
    Histogram latencyHistogram() {
        List<LatencyRun> byP99 = new ArrayList<>(latencyRuns);
        byP99.sort((a, b) -> Long.compare(a.p99(), b.p99()));
        return byP99.isEmpty() ? new Histogram(3) : byP99.get((byP99.size() - 1) / 2).histogram();
    }

    /** Throughput stages in table order, with their median events per second. */
    Map<String, Double> throughputByStage() {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("producer ceiling", producerCeiling());
        stages.put("pass-through EOS", passThroughEos.median());
        stages.put("detection EOS", detectionEos.median());
        stages.put("detection ALOS", detectionAlos.median());
        return stages;
    }

    double latencyTargetPerSec() {
        return latencyRuns.isEmpty() ? 0 : latencyRuns.get(0).targetPerSec();
    }

    static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        if (runs.isEmpty()) {
            return 0;
        }
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    public void printTable(PrintStream out) {
        double ceiling = producerCeiling();
        double passThrough = passThroughEos.median();
        String runs = settings.repeat() > 1 ? " (median of " + settings.repeat() + ")" : "";
        out.println();
        out.printf(Locale.ROOT, "vigil bench: %,d events, %d partitions, %d stream threads, %d cores, load average "
                        + "%.1f at start and %.1f now%s%n", backlog.size(), settingsJson.get("partitions"),
                settings.threads(), Runtime.getRuntime().availableProcessors(), settingsJson.get("loadAverageAtStart"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), runs);
        out.printf(Locale.ROOT, "%-34s %12s %10s %14s %12s%n", "stage", "events/s", "seconds", "x pass-through",
                "x ceiling");
        out.printf(Locale.ROOT, "%-34s %,12.0f %10.2f %14s %12.2f%n", "producer ceiling (acks=all)", ceiling,
                median(producerRuns, ProducerRun::seconds), "-", 1.0);
        for (Stage stage : List.of(passThroughEos, detectionEos, detectionAlos)) {
            out.printf(Locale.ROOT, "%-34s %,12.0f %10.2f %14.2f %12.2f%n", stage.label(), stage.median(),
                    stage.medianSeconds(), stage.median() / passThrough, stage.median() / ceiling);
        }
        out.println();
        out.printf(Locale.ROOT, "detection EOS / pass-through EOS  %.2f   target >= %.2f (stretch %.2f): %s%n",
                detectionEosToPassThroughEos(), TARGET_PASS_THROUGH, STRETCH_PASS_THROUGH,
                verdict(detectionEosToPassThroughEos() >= TARGET_PASS_THROUGH));
        out.printf(Locale.ROOT, "detection EOS / detection ALOS    %.2f   target >= %.2f: %s%n",
                detectionEosToAlos(), TARGET_ALOS, verdict(detectionEosToAlos() >= TARGET_ALOS));
        out.printf(Locale.ROOT, "detection EOS / producer ceiling  %.2f%n", detectionEosToProducerCeiling());
        LatencyRun latency = latencyRuns.isEmpty() ? null : latencyRuns.get(0);
        if (latency != null) {
            out.printf(Locale.ROOT, "latency at %.0f%% load (%,.0f events/s, %,d alerts timed): p50 %d ms, p99 %d ms, "
                            + "p99.9 %d ms   target p99 <= %d ms: %s%n", settings.latencyLoad() * 100,
                    latency.targetPerSec(), latency.histogram().getTotalCount(), latencyP50(), latencyP99(),
                    latencyP999(), TARGET_P99_MILLIS, verdict(latencyP99() <= TARGET_P99_MILLIS));
        }
        out.printf(Locale.ROOT, "alerts raised per drain: %s (the detectors did real work)%n", alerts);
        out.printf(Locale.ROOT, "memory: peak heap %,d MiB during full detection, %,d MiB live after GC, of %,d MiB "
                        + "(whole process: broker, backlog and streams in one JVM in the embedded default)%n",
                detectionEos.peakHeapBytes() >> 20, heapAfterGcBytes >> 20, heapMaxBytes >> 20);
        out.printf(Locale.ROOT, "card state: %,d cards, mean %.0f bytes, p50 %d, p99 %d, max %d bytes per card, "
                        + "%,d KiB in all%n", stateSizes.cards(), stateSizes.meanBytes(), stateSizes.p50Bytes(),
                stateSizes.p99Bytes(), stateSizes.maxBytes(), stateSizes.totalBytes() >> 10);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    public void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("producerCeiling")
                .put("eventsPerSec", producerCeiling())
                .put("seconds", median(producerRuns, ProducerRun::seconds))
                .put("megabytesPerSec", median(producerRuns, r -> r.bytes() / r.seconds() / 1e6))
                .set("runsEventsPerSec", array(producerRuns, ProducerRun::eventsPerSec));
        for (Stage stage : List.of(passThroughEos, detectionEos, detectionAlos)) {
            ObjectNode node = root.putObject(stage.key());
            node.put("eventsPerSec", stage.median())
                    .put("seconds", stage.medianSeconds())
                    .put("peakHeapBytes", stage.peakHeapBytes());
            node.set("runsEventsPerSec", array(stage.runs, DrainStage.Result::eventsPerSec));
        }
        List<Long> eosAlerts = alerts.getOrDefault("detection-eos", List.of());
        List<Long> alosAlerts = alerts.getOrDefault("detection-alos", List.of());
        ((ObjectNode) root.get("detectionEos")).put("alerts", eosAlerts.isEmpty() ? 0 : eosAlerts.get(0));
        ((ObjectNode) root.get("detectionAlos")).put("alerts", alosAlerts.isEmpty() ? 0 : alosAlerts.get(0));

        root.putObject("ratios")
                .put("detectionEosToPassThroughEos", detectionEosToPassThroughEos())
                .put("detectionEosToAlos", detectionEosToAlos())
                .put("detectionEosToProducerCeiling", detectionEosToProducerCeiling())
                .put("passThroughEosToProducerCeiling", passThroughEos.median() / producerCeiling());

        LatencyRun first = latencyRuns.isEmpty() ? null : latencyRuns.get(0);
        ObjectNode latency = root.putObject("latencyMs");
        latency.put("p50", latencyP50()).put("p99", latencyP99()).put("p999", latencyP999())
                .put("max", (long) median(latencyRuns, r -> r.histogram().getMaxValue()))
                .put("mean", median(latencyRuns, r -> r.histogram().getMean()))
                .put("alertsTimed", (long) median(latencyRuns, r -> r.histogram().getTotalCount()))
                .put("loadShare", settings.latencyLoad())
                .put("targetEventsPerSec", first == null ? 0 : first.targetPerSec())
                .put("achievedEventsPerSec", median(latencyRuns, LatencyRun::achievedPerSec))
                .put("maxBehindScheduleMs", (long) median(latencyRuns, r -> r.maxBehindMs()))
                .put("eventTimeLagMs", (long) median(latencyRuns, r -> r.eventTimeLagMs()))
                .put("durationSec", settings.latencyDuration().toMillis() / 1000.0);

        ObjectNode memory = root.putObject("memory");
        memory.put("peakHeapBytes", detectionEos.peakHeapBytes())
                .put("heapAfterGcBytes", heapAfterGcBytes)
                .put("heapMaxBytes", heapMaxBytes)
                .put("backlogValueBytes", backlog.valueBytes());
        memory.putObject("stateBytesPerCard")
                .put("cards", stateSizes.cards())
                .put("mean", stateSizes.meanBytes())
                .put("p50", stateSizes.p50Bytes())
                .put("p99", stateSizes.p99Bytes())
                .put("max", stateSizes.maxBytes())
                .put("total", stateSizes.totalBytes());

        ObjectNode targets = root.putObject("targets");
        targets.putObject("detectionEosToPassThroughEos").put("target", TARGET_PASS_THROUGH)
                .put("stretch", STRETCH_PASS_THROUGH).put("met", detectionEosToPassThroughEos() >= TARGET_PASS_THROUGH);
        targets.putObject("detectionEosToAlos").put("target", TARGET_ALOS)
                .put("met", detectionEosToAlos() >= TARGET_ALOS);
        targets.putObject("latencyP99Ms").put("target", TARGET_P99_MILLIS)
                .put("met", latencyP99() <= TARGET_P99_MILLIS);

        ObjectNode backlogNode = root.putObject("backlog");
        backlogNode.put("events", backlog.size())
                .put("distinctCards", backlog.distinctKeys())
                .put("valueBytes", backlog.valueBytes())
                .put("injections", backlog.groundTruth().injections().size())
                .put("loadSeconds", backlogLoad == null ? 0 : backlogLoad.seconds());
        ObjectNode settingsNode = JSON.valueToTree(settingsJson);
        settingsNode.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        root.set("settings", settingsNode);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    /** Throughput per stage and the latency distribution, as a PNG. */
    public void writeChart(Path file) throws IOException {
        BenchChart.write(this, file);
    }

    private static <T> ArrayNode array(List<T> runs, ToDoubleFunction<T> value) {
        ArrayNode array = JSON.createArrayNode();
        runs.forEach(r -> array.add(value.applyAsDouble(r)));
        return array;
    }
}
