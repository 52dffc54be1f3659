package io.vigil.serdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Alert;
import io.vigil.events.Transaction;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;

import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The serde configured with the embedded registry's http:// URL, as the embedded default runs it. */
class SpecificAvroSerdeOverHttpTest {

    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRoundTripAndRegisterOverHttpWhenConfiguredWithTheServerUrl() {
        // Given serdes configured with the registry's URL, as a producer and a separate consumer would be
        Map<String, String> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        Serde<Transaction> producerSide = AvroSerdes.specific(Transaction.class, config, false);
        Serde<Transaction> consumerSide = AvroSerdes.specific(Transaction.class, config, false);

        // When transactions and an alert are written by one and read by the other
        byte[] first = producerSide.serializer().serialize("vigil.transactions", TestEvents.cardPresentTransaction());
        byte[] second = producerSide.serializer().serialize("vigil.transactions", TestEvents.ecommerceTransaction());
        byte[] alert = AvroSerdes.specific(Alert.class, config, false).serializer()
                .serialize("vigil.alerts", TestEvents.openAlert());

        // Then the records come back equal, and the server holds the subjects under ids 1 and 2
        assertEquals(TestEvents.cardPresentTransaction(), consumerSide.deserializer().deserialize("vigil.transactions",
                first));
        assertEquals(TestEvents.ecommerceTransaction(), consumerSide.deserializer().deserialize("vigil.transactions",
                second));
        assertEquals(List.of("vigil.alerts-value", "vigil.transactions-value"), registry.store().subjects());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1}, Arrays.copyOf(first, 5));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, Arrays.copyOf(alert, 5));
    }

    @Test
    void shouldKeepSerializingWhenTheRegistryStopsAfterTheFirstRecord() {
        // Given a serde that has written and read one record
        Serde<Transaction> serde = AvroSerdes.specific(Transaction.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        byte[] before = serde.serializer().serialize("vigil.transactions", TestEvents.cardPresentTransaction());
        serde.deserializer().deserialize("vigil.transactions", before);

        // When the registry stops
        registry.close();

        // Then the hot path needs no registry: the next records are written and read as before
        byte[] after = serde.serializer().serialize("vigil.transactions", TestEvents.ecommerceTransaction());
        assertEquals(TestEvents.ecommerceTransaction(), serde.deserializer().deserialize("vigil.transactions", after));
        assertArrayEquals(Arrays.copyOf(before, 5), Arrays.copyOf(after, 5));
    }
}
