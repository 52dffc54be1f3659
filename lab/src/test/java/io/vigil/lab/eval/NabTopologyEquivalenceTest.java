package io.vigil.lab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vigil.config.InputSettings;
import io.vigil.config.ReferenceClock;
import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;
import io.vigil.topology.TelemetryTopology;
import io.vigil.topology.VigilSerdes;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation runner and the telemetry topology raise the same OPEN alerts on NAB files: the runner calls
 * the detection code directly, the topology goes through Kafka Streams and writes the device state through its
 * codec after every reading, so this also checks that the novelty state survives the store.
 */
class NabTopologyEquivalenceTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldRaiseTheSameAlertsAsTheRunnerWhenNabFilesGoThroughTheTopology() {
        // Given three committed NAB files and the evaluation's novelty rule with the shipped defaults
        NabCorpus corpus = NabCorpus.load(NabScorerTest.subset());
        RuleSpec rule = NabEvaluation.rule(Map.of("warmup", "50"));
        List<String> files = List.of("artificialWithAnomaly/art_daily_jumpsup.csv",
                "realAdExchange/exchange-2_cpc_results.csv", "realTraffic/speed_7578.csv");
        int compared = 0;
        for (NabSeries series : corpus.series()) {
            if (!files.contains(series.name())) {
                continue;
            }
            // When the runner and the topology each see the file
            List<Long> runner = new ArrayList<>();
            boolean[] detected = NabRunner.detections(series, List.of(rule));
            for (int i = 0; i < detected.length; i++) {
                if (detected[i]) {
                    runner.add(series.timestamps()[i]);
                }
            }
            List<Long> topology = throughTopology(series, rule);
            // Then they alert on the same rows
            assertFalse(runner.isEmpty(), series.name());
            assertEquals(runner, topology, series.name());
            compared++;
        }
        assertEquals(3, compared);
    }

    private List<Long> throughTopology(NabSeries series, RuleSpec rule) {
        VigilConfig config = VigilConfig.defaults();
        DeviceDetection detection = DeviceDetection.fromRules(new RuleSet(List.of(rule)), Duration.ZERO);
        List<Long> opened = new ArrayList<>();
        // The telemetry topology alone, under the properties a stream instance runs with.
        try (VigilTestDriver vigil = VigilTestDriver.of(config, stateDir)) {
            VigilSerdes serdes = vigil.serdes();
            // A NAB file is a recording, years old: as in any replay, the clock-skew gate judges a reading against
            // its record's own time, not the wall clock (which would refuse every reading after the first minutes).
            TelemetryTopology topology = new TelemetryTopology(serdes.telemetry(), serdes.alerts(), Optional.empty(),
                    detection, StoreType.IN_MEMORY, false, new SimpleMeterRegistry())
                    .withInput(new InputSettings(InputSettings.defaults().maxClockSkew(), ReferenceClock.RECORD));
            vigil.start(topology.build(), Instant.ofEpochMilli(series.timestamps()[0]));
            TestInputTopic<String, Telemetry> in = vigil.input(serdes.telemetry());
            TestOutputTopic<String, Alert> out = vigil.output(serdes.alerts());
            String device = NabRunner.deviceId(series);
            for (int i = 0; i < series.size(); i++) {
                Telemetry reading = NabRunner.reading(device, i, series.timestamps()[i], series.values()[i]);
                in.pipeInput(new TestRecord<>(device, reading, reading.getTimestamp()));
            }
            for (Alert alert : out.readValuesToList()) {
                if (alert.getStatus() == AlertStatus.OPEN) {
                    opened.add(alert.getEventTimestamp().toEpochMilli());
                }
            }
        }
        return opened;
    }
}
