package io.vigil.serdes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.events.Action;
import io.vigil.events.Alert;
import io.vigil.events.Incident;
import io.vigil.events.Rule;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.serdes.registry.MockSchemaRegistry;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

class SpecificAvroSerdeRoundTripTest {

    private static final String SCOPE = "round-trip-test";
    private static final Map<String, String> CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            MockSchemaRegistry.URL_PREFIX + SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldReturnEqualTransactionWhenCardPresentTransactionIsSerializedAndRead() {
        assertRoundTrip(Transaction.class, "vigil.transactions", TestEvents.cardPresentTransaction());
    }

    @Test
    void shouldKeepNullPositionAndDefaultsWhenEcommerceTransactionIsSerializedAndRead() {
        // Given an e-commerce transaction: no position, currency, category and country from the schema defaults
        Transaction ecommerce = TestEvents.ecommerceTransaction();

        // When it goes through the serde
        Transaction read = roundTrip(Transaction.class, "vigil.transactions", ecommerce);

        // Then the nulls stay null and the defaults are the schema's
        assertEquals(ecommerce, read);
        assertNull(read.getLatitude());
        assertNull(read.getLongitude());
        assertEquals("EUR", read.getCurrency());
        assertEquals("DE", read.getCountry());
    }

    @Test
    void shouldReturnEqualTelemetryWhenSerializedAndRead() {
        assertRoundTrip(Telemetry.class, "vigil.telemetry", TestEvents.telemetry());
    }

    @Test
    void shouldReturnEqualAlertWhenOpenAlertIsSerializedAndRead() {
        Alert read = roundTrip(Alert.class, "vigil.alerts", TestEvents.openAlert());

        assertEquals(TestEvents.openAlert(), read);
        assertEquals(Map.of("count", 6.0, "maxCount", 5.0), read.getFeatures());
        assertEquals(TestEvents.openAlert().getWindowStart(), read.getWindowStart());
    }

    @Test
    void shouldReturnEqualAlertWhenResolvedAlertIsSerializedAndRead() {
        assertRoundTrip(Alert.class, "vigil.alerts", TestEvents.resolvedAlert());
    }

    @Test
    void shouldReturnEqualRuleWhenSerializedAndRead() {
        Rule read = roundTrip(Rule.class, "vigil.rules", TestEvents.rule());

        assertEquals(TestEvents.rule(), read);
        assertEquals(Map.of("maxCount", "5", "window", "60s"), read.getParameters());
    }

    @Test
    void shouldReturnEqualActionWhenBlockCardActionIsSerializedAndRead() {
        assertRoundTrip(Action.class, "vigil.actions", TestEvents.blockCard());
    }

    @Test
    void shouldKeepNullAlertIdWhenManualActionIsSerializedAndRead() {
        Action read = roundTrip(Action.class, "vigil.actions", TestEvents.manualUnblock());

        assertEquals(TestEvents.manualUnblock(), read);
        assertNull(read.getAlertId());
        assertEquals("", read.getReason());
    }

    @Test
    void shouldReturnEqualIncidentWhenSerializedAndRead() {
        assertRoundTrip(Incident.class, "vigil.incidents", TestEvents.incident());
    }

    @Test
    void shouldPassTombstoneThroughWhenValueIsNull() {
        // Given a configured serde
        Serde<Transaction> serde = AvroSerdes.specific(Transaction.class, CONFIG, false);

        // When a tombstone goes out and comes back, Then it is null both ways
        assertNull(serde.serializer().serialize("vigil.transactions", null));
        assertNull(serde.deserializer().deserialize("vigil.transactions", (byte[]) null));
        assertNull(serde.deserializer().deserialize("vigil.transactions", null, (ByteBuffer) null));
    }

    @Test
    void shouldRegisterKeySubjectWhenSerdeIsForKeys() {
        // Given a key serde and a value serde on the same topic
        Serde<Rule> keySerde = AvroSerdes.specific(Rule.class, CONFIG, true);
        Serde<Rule> valueSerde = AvroSerdes.specific(Rule.class, CONFIG, false);

        // When both write
        keySerde.serializer().serialize("vigil.rules", TestEvents.rule());
        valueSerde.serializer().serialize("vigil.rules", TestEvents.rule());

        // Then each registered under its TopicNameStrategy subject
        assertEquals(List.of("vigil.rules-key", "vigil.rules-value"), MockSchemaRegistry.store(SCOPE).subjects());
    }

    @Test
    void shouldReadRecordWhenItSitsInsideALargerBuffer() {
        // Given serialized bytes placed in the middle of a larger array, as a consumer's fetch buffer holds them
        Serde<Telemetry> serde = AvroSerdes.specific(Telemetry.class, CONFIG, false);
        byte[] bytes = serde.serializer().serialize("vigil.telemetry", TestEvents.telemetry());
        byte[] fetchBuffer = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, fetchBuffer, 7, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(fetchBuffer, 7, bytes.length).slice();

        // When the deserializer reads the slice
        Telemetry read = serde.deserializer().deserialize("vigil.telemetry", null, slice);

        // Then it is the original record, and the buffer's position is untouched
        assertEquals(TestEvents.telemetry(), read);
        assertEquals(0, slice.position());
    }

    @Test
    void shouldReadIntoTheClassTheWriterSchemaNamesWhenSerdeIsBuiltByClassName() {
        // Given a serde created the way Kafka Streams creates default.value.serde: no-arg constructor, then configure
        SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
        serde.configure(CONFIG, false);

        // When alerts and telemetry go through the same serde
        SpecificRecord alert = serde.deserializer().deserialize("vigil.alerts",
                serde.serializer().serialize("vigil.alerts", TestEvents.openAlert()));
        SpecificRecord telemetry = serde.deserializer().deserialize("vigil.telemetry",
                serde.serializer().serialize("vigil.telemetry", TestEvents.telemetry()));

        // Then each comes back as its own generated class
        assertEquals(TestEvents.openAlert(), alert);
        assertEquals(TestEvents.telemetry(), telemetry);
    }

    @Test
    void shouldProduceReadableRecordsWhenOneSerializerIsSharedByManyThreads() throws Exception {
        // Given one serde shared by four threads, as one producer is shared by an application's threads
        Serde<Transaction> serde = AvroSerdes.specific(Transaction.class, CONFIG, false);
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // When every thread serializes and reads back its own distinct transactions at the same time
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                mismatches.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < perThread; i++) {
                        Transaction sent = Transaction.newBuilder(TestEvents.cardPresentTransaction())
                                .setEventId("tx-" + thread + "-" + i)
                                .setAmountMinor(100L + thread * 1_000_000L + i)
                                .setMerchantId("m".repeat(1 + (i % 40)))
                                .build();
                        byte[] bytes = serde.serializer().serialize("vigil.transactions", sent);
                        if (!sent.equals(serde.deserializer().deserialize("vigil.transactions", bytes))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }

            // Then no record was corrupted by another thread's use of the serde
            int total = 0;
            for (Future<Integer> result : mismatches) {
                total += result.get();
            }
            assertEquals(0, total);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type, String topic, T record) {
        assertEquals(record, roundTrip(type, topic, record));
    }

    private static <T extends SpecificRecord> T roundTrip(Class<T> type, String topic, T record) {
        Serde<T> serde = AvroSerdes.specific(type, CONFIG, false);
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, record));
    }
}
