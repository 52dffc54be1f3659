package io.vigil.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A {@link BenchReport} as JSON: the keys docs/performance.md lists, which scripts and the tests read. */
final class BenchJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    static void write(BenchReport r, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("producerCeiling")
                .put("eventsPerSec", r.producerCeiling())
                .put("seconds", BenchReport.median(r.producerRuns, ProducerRun::seconds))
                .put("megabytesPerSec", BenchReport.median(r.producerRuns, run -> run.bytes() / run.seconds() / 1e6))
                .set("runsEventsPerSec", array(r.producerRuns, ProducerRun::eventsPerSec));
        for (BenchReport.Stage stage : List.of(r.passThroughEos, r.stateFloorEos, r.detectionEos, r.detectionAlos,
                r.passThroughTelemetryEos, r.telemetryEos)) {
            ObjectNode node = root.putObject(stage.key());
            node.put("eventsPerSec", stage.median())
                    .put("seconds", stage.medianSeconds())
                    .put("peakHeapBytes", stage.peakHeapBytes());
            node.set("runsEventsPerSec", array(stage.runs, DrainStage.Result::eventsPerSec));
        }
        List<Long> eosAlerts = r.alerts.getOrDefault("detection-eos", List.of());
        List<Long> alosAlerts = r.alerts.getOrDefault("detection-alos", List.of());
        ((ObjectNode) root.get("detectionEos")).put("alerts", eosAlerts.isEmpty() ? 0 : eosAlerts.get(0));
        ((ObjectNode) root.get("detectionAlos")).put("alerts", alosAlerts.isEmpty() ? 0 : alosAlerts.get(0));
        List<Long> telemetryAlerts = r.alerts.getOrDefault("telemetry-eos", List.of());
        ((ObjectNode) root.get("telemetryEos")).put("alerts", telemetryAlerts.isEmpty() ? 0 : telemetryAlerts.get(0));

        root.putObject("ratios")
                .put("detectionEosToPassThroughEos", r.detectionEosToPassThroughEos())
                .put("detectionEosToAlos", r.detectionEosToAlos())
                .put("detectionEosToProducerCeiling", r.detectionEosToProducerCeiling())
                .put("passThroughEosToProducerCeiling", r.passThroughEos.median() / r.producerCeiling())
                .put("telemetryEosToPassThroughEos", r.telemetryEosToPassThroughEos())
                .put("stateFloorEosToPassThroughEos", r.stateFloorEosToPassThroughEos())
                .put("detectionEosToStateFloorEos", r.detectionEosToStateFloorEos());
        ((ObjectNode) root.get("stateFloorEos")).put("stateBytes", r.settings.floorStateBytes());

        LatencyRun first = r.latencyRuns.isEmpty() ? null : r.latencyRuns.get(0);
        ObjectNode latency = root.putObject("latencyMs");
        latency.put("p50", r.latencyP50()).put("p99", r.latencyP99()).put("p999", r.latencyP999())
                .put("max", (long) BenchReport.median(r.latencyRuns, run -> run.histogram().getMaxValue()))
                .put("mean", BenchReport.median(r.latencyRuns, run -> run.histogram().getMean()))
                .put("alertsTimed", (long) BenchReport.median(r.latencyRuns, run -> run.histogram().getTotalCount()))
                .put("loadShare", r.settings.latencyLoad())
                .put("targetEventsPerSec", first == null ? 0 : first.targetPerSec())
                .put("achievedEventsPerSec", BenchReport.median(r.latencyRuns, LatencyRun::achievedPerSec))
                .put("maxBehindScheduleMs", (long) BenchReport.median(r.latencyRuns, run -> run.maxBehindMs()))
                .put("eventTimeLagMs", (long) BenchReport.median(r.latencyRuns, run -> run.eventTimeLagMs()))
                .put("durationSec", r.settings.latencyDuration().toMillis() / 1000.0);

        ObjectNode memory = root.putObject("memory");
        memory.put("peakHeapBytes", r.detectionEos.peakHeapBytes())
                .put("heapAfterGcBytes", r.heapAfterGcBytes)
                .put("heapMaxBytes", r.heapMaxBytes)
                .put("backlogValueBytes", r.backlog.valueBytes());
        memory.putObject("stateBytesPerCard")
                .put("cards", r.stateSizes.entities())
                .put("mean", r.stateSizes.meanBytes())
                .put("p50", r.stateSizes.p50Bytes())
                .put("p99", r.stateSizes.p99Bytes())
                .put("max", r.stateSizes.maxBytes())
                .put("total", r.stateSizes.totalBytes());

        sizes(memory.putObject("stateBytesPerDevice"), "devices", r.deviceSizes.perDevice());
        sizes(memory.putObject("stateBytesPerDeviceMetric"), "metrics", r.deviceSizes.perMetric());
        ObjectNode entries = memory.putObject("storeEntries");
        r.storeEntries.forEach(entries::put);

        ObjectNode targets = root.putObject("targets");
        targets.putObject("detectionEosToPassThroughEos").put("target", BenchReport.TARGET_PASS_THROUGH)
                .put("stretch", BenchReport.STRETCH_PASS_THROUGH).put("met", r.detectionEosToPassThroughEos() >= BenchReport.TARGET_PASS_THROUGH);
        targets.putObject("detectionEosToAlos").put("target", BenchReport.TARGET_ALOS)
                .put("met", r.detectionEosToAlos() >= BenchReport.TARGET_ALOS);
        targets.putObject("latencyP99Ms").put("target", BenchReport.TARGET_P99_MILLIS)
                .put("met", r.latencyP99() <= BenchReport.TARGET_P99_MILLIS);

        root.putObject("telemetryBacklog")
                .put("events", r.telemetryBacklog.size())
                .put("distinctDevices", r.telemetryBacklog.distinctKeys())
                .put("valueBytes", r.telemetryBacklog.valueBytes())
                .put("injections", r.telemetryBacklog.groundTruth().injections().size());

        ObjectNode backlogNode = root.putObject("backlog");
        backlogNode.put("events", r.backlog.size())
                .put("distinctCards", r.backlog.distinctKeys())
                .put("valueBytes", r.backlog.valueBytes())
                .put("injections", r.backlog.groundTruth().injections().size())
                .put("loadSeconds", r.backlogLoad == null ? 0 : r.backlogLoad.seconds());
        ObjectNode settingsNode = JSON.valueToTree(r.settingsJson);
        settingsNode.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        root.set("settings", settingsNode);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static void sizes(ObjectNode node, String countKey, StateSizes sizes) {
        node.put(countKey, sizes.entities())
                .put("mean", sizes.meanBytes())
                .put("p50", sizes.p50Bytes())
                .put("p99", sizes.p99Bytes())
                .put("max", sizes.maxBytes())
                .put("total", sizes.totalBytes());
    }

    private static <T> ArrayNode array(List<T> runs, ToDoubleFunction<T> value) {
        ArrayNode array = JSON.createArrayNode();
        runs.forEach(r -> array.add(value.applyAsDouble(r)));
        return array;
    }
}
