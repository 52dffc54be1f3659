package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.chaos.TopicLog.RawRecord;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.SpecificAvroSerializer;
import io.vigil.serdes.testkit.Events;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The oracle on hand-made input logs, no broker: it must say what the detection processors would do. */
class OracleTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> SERDE = Map.of("schema.registry.url", "mock://oracle-test");

    private final VigilConfig config = VigilConfig.defaults();
    private final String transactions = config.topics().transactions();
    private final String telemetry = config.topics().telemetry();
    private final SpecificAvroSerializer<SpecificRecord> serializer = serializer();
    private long offset;

    @Test
    void shouldExpectExactlyTheAlertsTheDetectorsRaiseWhenReplayingTransactions() {
        // Given seven transactions on one card within a minute (the velocity rule allows five)
        List<Transaction> burst = burst("card-1", 7);
        Oracle oracle = oracle();

        // When the oracle replays them as they sit in one partition
        burst.forEach(tx -> oracle.accept(record(transactions, 0, tx.getCardId(), tx)));

        // Then it expects what the card detection itself raises on them, velocity included, and no dead letter
        CardDetection detection = CardDetection.fromRules(config.rules(), config.streams().grace());
        CardState state = new CardState();
        Set<String> direct = burst.stream().flatMap(tx -> detection.process(state, tx).alerts().stream())
                .map(Alert::getAlertId).collect(Collectors.toSet());
        assertFalse(direct.isEmpty());
        assertEquals(direct, oracle.expectedAlerts().keySet());
        assertTrue(oracle.expectedAlerts().values().stream().anyMatch(a -> a.ruleId().equals("velocity")));
        assertEquals(Map.of(), oracle.mustFail());
        assertEquals(7, oracle.records());
    }

    @Test
    void shouldExpectDeadLettersAndLeaveStateUntouchedWhenRecordsCannotBeReadOrProcessed() {
        // Given the same burst with a garbage value, a transaction without key and a NaN reading in between
        List<Transaction> burst = burst("card-1", 7);
        Oracle clean = oracle();
        burst.forEach(tx -> clean.accept(record(transactions, 0, tx.getCardId(), tx)));
        Oracle oracle = oracle();
        offset = 0;
        RawRecord garbage = raw(transactions, 0, bytes("card-1"), bytes("not avro"));
        RawRecord keyless = raw(transactions, 0, null, serializer.serialize(transactions, burst.get(0)));
        RawRecord nan = record(telemetry, 0, "device-1", reading("device-1", "r-nan", Double.NaN, 0));

        // When the oracle replays them
        oracle.accept(record(transactions, 0, "card-1", burst.get(0)));
        oracle.accept(garbage);
        oracle.accept(keyless);
        oracle.accept(nan);
        burst.subList(1, burst.size()).forEach(tx -> oracle.accept(record(transactions, 0, tx.getCardId(), tx)));

        // Then exactly those three must be dead-lettered, and the alerts are those of the clean burst
        assertEquals(Set.of(garbage.coordinates(), keyless.coordinates(), nan.coordinates()), oracle.mustFail().keySet());
        assertEquals(clean.expectedAlerts().keySet(), oracle.expectedAlerts().keySet());
    }

    @Test
    void shouldExpectReadingAlertsButLeaveSilenceOutWhenReplayingTelemetry() {
        // Given a device whose temperature goes above the threshold and back below its release limit
        Oracle oracle = oracle();
        double[] temperatures = {40, 41, 95, 96, 50, 45};

        // When the oracle replays the readings, five seconds apart
        for (int i = 0; i < temperatures.length; i++) {
            oracle.accept(record(telemetry, 2, "device-7", reading("device-7", "r-" + i, temperatures[i], 5L * i)));
        }

        // Then it expects the threshold OPEN and RESOLVED, knows the readings, and never predicts silence
        assertEquals(Map.of("threshold", 2L), oracle.expectedAlerts().values().stream()
                .collect(Collectors.groupingBy(Oracle.ExpectedAlert::ruleId, Collectors.counting())));
        assertTrue(oracle.silenceRules().contains("silence"));
        assertTrue(oracle.sawReading("device-7", "r-3"));
        assertFalse(oracle.sawReading("device-7", "r-99"));
    }

    @Test
    void shouldExplainASilenceOnlyByAGapOfAtLeastTheDeadlineInTheDevicesInput() {
        // Given device-9 reporting every 5 s, then nothing for 40 s, then two more readings (deadline: 30 s)
        Oracle oracle = oracle();
        long[] seconds = {0, 5, 10, 50, 55};
        for (int i = 0; i < seconds.length; i++) {
            Telemetry r = reading("device-9", "r-" + i, 20.0, seconds[i]);
            oracle.accept(new RawRecord(telemetry, 1, offset++, T0.plusSeconds(seconds[i]).toEpochMilli(),
                    bytes("device-9"), serializer.serialize(telemetry, r), Map.of()));
        }

        // When silence OPENs name the reading before the gap, a reading followed 5 s later, and the last one
        boolean afterGap = oracle.silenceExplained(silenceOpen("r-2"));
        boolean afterFiveSeconds = oracle.silenceExplained(silenceOpen("r-1"));
        boolean afterLast = oracle.silenceExplained(silenceOpen("r-4"));

        // Then the gap and the end of the input explain a silence, five seconds of input do not
        assertEquals(List.of(true, false, true), List.of(afterGap, afterFiveSeconds, afterLast));
    }

    private static Alert silenceOpen(String lastReading) {
        return Alert.newBuilder().setAlertId("s-" + lastReading).setRuleId("silence").setRuleVersion(1)
                .setDetector("silence").setEntityType(io.vigil.events.EntityType.DEVICE).setEntityId("device-9")
                .setSeverity(io.vigil.events.Severity.HIGH).setStatus(io.vigil.events.AlertStatus.OPEN)
                .setResolvesAlertId(null).setEventTimestamp(T0).setWindowStart(T0).setWindowEnd(T0)
                .setTriggeringEventIds(List.of(lastReading)).setFeatures(Map.of()).setExplanation("silent")
                .build();
    }

    @Test
    void shouldKeepOneStatePerPartitionWhenAKeyAppearsInTwoPartitions() {
        // Given a burst of seven split between two partitions: four in one, three in the other
        List<Transaction> burst = burst("card-2", 7);
        Oracle oracle = oracle();

        // When the oracle replays them
        for (int i = 0; i < burst.size(); i++) {
            oracle.accept(record(transactions, i < 4 ? 1 : 2, "card-2", burst.get(i)));
        }

        // Then neither partition's task saw six, so no velocity alert is expected, as no task would raise one
        assertTrue(oracle.expectedAlerts().values().stream().noneMatch(a -> a.ruleId().equals("velocity")));
    }

    private Oracle oracle() {
        return new Oracle(config, AvroSerdes.specific(Transaction.class, SERDE, false).deserializer(),
                AvroSerdes.specific(Telemetry.class, SERDE, false).deserializer());
    }

    private static List<Transaction> burst(String card, int n) {
        return IntStream.range(0, n).mapToObj(i -> Events.aTransaction().id(card + "-tx-" + i).card(card)
                .at(T0.plusSeconds(5L * i)).amount(5_000 + 100L * i).merchant("merchant-" + i).build()).toList();
    }

    private static Telemetry reading(String device, String eventId, double value, long secondsAfterT0) {
        return Events.aReading().id(eventId).device(device).at(T0.plusSeconds(secondsAfterT0)).value(value).build();
    }

    private RawRecord record(String topic, int partition, String key, SpecificRecord value) {
        return raw(topic, partition, bytes(key), serializer.serialize(topic, value));
    }

    private RawRecord raw(String topic, int partition, byte[] key, byte[] value) {
        return new RawRecord(topic, partition, offset++, T0.toEpochMilli(), key, value, Map.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SpecificAvroSerializer<SpecificRecord> serializer() {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(SERDE, false);
        return serializer;
    }
}
