package io.vigil.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

    final BenchSettings settings;
    final Map<String, Object> settingsJson;
    final Backlog backlog;
    final Backlog telemetryBacklog;
    final List<ProducerRun> producerRuns = new ArrayList<>();
    final Stage passThroughEos = new Stage("passThroughEos", "pass-through, exactly_once_v2");
    final Stage stateFloorEos = new Stage("stateFloorEos", "state floor, exactly_once_v2");
    final Stage detectionEos = new Stage("detectionEos", "full detection, exactly_once_v2");
    final Stage detectionAlos = new Stage("detectionAlos", "full detection, at_least_once");
    final Stage passThroughTelemetryEos = new Stage("passThroughTelemetryEos", "telemetry pass-through, EOS");
    final Stage telemetryEos = new Stage("telemetryEos", "devices + escalation, EOS");
    final List<LatencyRun> latencyRuns = new ArrayList<>();
    final Map<String, List<Long>> alerts = new LinkedHashMap<>();
    ProducerRun backlogLoad;
    StateSizes stateSizes = StateSizes.NONE;
    StateSizes.Devices deviceSizes = StateSizes.Devices.NONE;
    final Map<String, Long> storeEntries = new TreeMap<>();
    long heapMaxBytes;
    long heapAfterGcBytes;

    BenchReport(BenchSettings settings, Map<String, Object> settingsJson, Backlog backlog, Backlog telemetryBacklog) {
        this.settings = settings;
        this.settingsJson = settingsJson;
        this.backlog = backlog;
        this.telemetryBacklog = telemetryBacklog;
    }

    /** The drains of one throughput stage over all repetitions. */
    public static final class Stage {
        private final String key;
        private final String label;
        final List<DrainStage.Result> runs = new ArrayList<>();

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

    void stateFloorEos(DrainStage.Result result) {
        stateFloorEos.runs.add(result);
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

    void passThroughTelemetryEos(DrainStage.Result result) {
        passThroughTelemetryEos.runs.add(result);
    }

    void telemetryEos(DrainStage.Result result) {
        telemetryEos.runs.add(result);
    }

    void cardState(StateSizes sizes, Map<String, Long> entries) {
        stateSizes = sizes;
        storeEntries.putAll(entries);
    }

    void deviceState(StateSizes.Devices sizes, Map<String, Long> entries) {
        deviceSizes = sizes;
        storeEntries.putAll(entries);
    }

    /** Device detection and escalation over the pass-through of the same telemetry backlog, both exactly-once. */
    public double telemetryEosToPassThroughEos() {
        return telemetryEos.median() / passThroughTelemetryEos.median();
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

    /** The state floor over the pass-through: what one store read and write per event leaves of Kafka Streams' rate. */
    public double stateFloorEosToPassThroughEos() {
        return stateFloorEos.median() / passThroughEos.median();
    }

    /** Card detection over the state floor: what Vigil's own work per event leaves of the floor's rate. */
    public double detectionEosToStateFloorEos() {
        return detectionEos.median() / stateFloorEos.median();
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
        stages.put("state floor EOS", stateFloorEos.median());
        stages.put("detection EOS", detectionEos.median());
        stages.put("detection ALOS", detectionAlos.median());
        stages.put("telemetry pass-through EOS", passThroughTelemetryEos.median());
        stages.put("devices + escalation EOS", telemetryEos.median());
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
        for (Stage stage : List.of(passThroughEos, stateFloorEos, detectionEos, detectionAlos)) {
            out.printf(Locale.ROOT, "%-34s %,12.0f %10.2f %14.2f %12.2f%n", stage.label(), stage.median(),
                    stage.medianSeconds(), stage.median() / passThrough, stage.median() / ceiling);
        }
        // The telemetry stages drain their own backlog: their ratio is to the pass-through of that backlog.
        for (Stage stage : List.of(passThroughTelemetryEos, telemetryEos)) {
            out.printf(Locale.ROOT, "%-34s %,12.0f %10.2f %14.2f %12s%n", stage.label(), stage.median(),
                    stage.medianSeconds(), stage.median() / passThroughTelemetryEos.median(), "-");
        }
        out.println();
        out.printf(Locale.ROOT, "detection EOS / pass-through EOS  %.2f   target >= %.2f (stretch %.2f): %s%n",
                detectionEosToPassThroughEos(), TARGET_PASS_THROUGH, STRETCH_PASS_THROUGH,
                verdict(detectionEosToPassThroughEos() >= TARGET_PASS_THROUGH));
        out.printf(Locale.ROOT, "state floor EOS / pass-through    %.2f   (one %d-byte store read and write per event)%n",
                stateFloorEosToPassThroughEos(), settings.floorStateBytes());
        out.printf(Locale.ROOT, "detection EOS / state floor EOS   %.2f%n", detectionEosToStateFloorEos());
        out.printf(Locale.ROOT, "detection EOS / detection ALOS    %.2f   target >= %.2f: %s%n",
                detectionEosToAlos(), TARGET_ALOS, verdict(detectionEosToAlos() >= TARGET_ALOS));
        out.printf(Locale.ROOT, "detection EOS / producer ceiling  %.2f%n", detectionEosToProducerCeiling());
        out.printf(Locale.ROOT, "telemetry EOS / its pass-through  %.2f   (%,d readings from %,d devices)%n",
                telemetryEosToPassThroughEos(), telemetryBacklog.size(), telemetryBacklog.distinctKeys());
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
                        + "%,d KiB in all%n", stateSizes.entities(), stateSizes.meanBytes(), stateSizes.p50Bytes(),
                stateSizes.p99Bytes(), stateSizes.maxBytes(), stateSizes.totalBytes() >> 10);
        StateSizes devices = deviceSizes.perDevice();
        StateSizes metrics = deviceSizes.perMetric();
        out.printf(Locale.ROOT, "device state: %,d devices, mean %.0f bytes, p50 %d, p99 %d, max %d per device; "
                        + "mean %.0f, p99 %d per metric%n", devices.entities(), devices.meanBytes(), devices.p50Bytes(),
                devices.p99Bytes(), devices.maxBytes(), metrics.meanBytes(), metrics.p99Bytes());
        out.printf(Locale.ROOT, "store entries (vigil.state.entries): %s%n", storeEntries);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    public void writeJson(Path file) throws IOException {
        BenchJson.write(this, file);
    }

    /** Throughput per stage and the latency distribution, as a PNG. */
    public void writeChart(Path file) throws IOException {
        BenchChart.write(this, file);
    }
}
