package io.vigil.serdes.registry;

import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V1;
import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Telemetry;
import io.vigil.serdes.AvroSerdeConfig;
import io.vigil.serdes.AvroSerdes;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

class MockSchemaRegistryTest {

    private static final String SCOPE_A = "mock-registry-test-a";
    private static final String SCOPE_B = "mock-registry-test-b";

    @AfterEach
    void dropScopes() {
        MockSchemaRegistry.dropScope(SCOPE_A);
        MockSchemaRegistry.dropScope(SCOPE_B);
    }

    @Test
    void shouldKeepScopesApartWhenTwoScopesRegisterSchemas() {
        // Given two scopes, each with its own registrations
        SchemaRegistryClient a = MockSchemaRegistry.client(SCOPE_A);
        SchemaRegistryClient b = MockSchemaRegistry.client(SCOPE_B);
        a.register("payments-value", PAYMENT_V1);
        a.register("payments-value", PAYMENT_V2);

        // When scope B registers the second schema under another subject
        int idInB = b.register("refunds-value", PAYMENT_V2);

        // Then B numbers from 1 and knows nothing of A's subjects or ids
        assertEquals(1, idInB);
        assertEquals(List.of("refunds-value"), b.subjects());
        assertEquals(List.of("payments-value"), a.subjects());
        assertThrows(SchemaNotFoundException.class, () -> b.getById(2));
        assertEquals(PAYMENT_V2, a.getById(2));
    }

    @Test
    void shouldStartAgainFromIdOneWhenScopeIsDropped() {
        // Given a scope holding two schemas, reached through a client created before the drop
        SchemaRegistryClient client = MockSchemaRegistry.client(SCOPE_A);
        client.register("payments-value", PAYMENT_V1);
        client.register("payments-value", PAYMENT_V2);

        // When the scope is dropped
        MockSchemaRegistry.dropScope(SCOPE_A);

        // Then the same client sees an empty scope, and ids start at 1 again
        assertEquals(List.of(), client.subjects());
        assertThrows(SchemaNotFoundException.class, () -> client.getById(1));
        assertEquals(1, client.register("payments-value", PAYMENT_V2));
    }

    @Test
    void shouldNotFindSchemaIdWhenRecordIsReadThroughAnotherScope() {
        // Given a record written through scope A
        Telemetry reading = Telemetry.newBuilder().setEventId("tm-1").setDeviceId("pump-3")
                .setTimestamp(Instant.parse("2025-11-23T10:00:00Z")).setMetric("pressure").setValue(2.4)
                .setUnit("bar").build();
        byte[] bytes = AvroSerdes.specific(Telemetry.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE_A), false)
                .serializer().serialize("vigil.telemetry", reading);

        // When a deserializer configured with scope B reads it
        SerializationException error = assertThrows(SerializationException.class, () -> AvroSerdes.specific(
                Telemetry.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE_B), false)
                .deserializer().deserialize("vigil.telemetry", bytes));

        // Then scope B does not know the schema id
        assertTrue(error.getMessage().contains("Unknown schema id 1"), error.getMessage());
        assertTrue(error.getMessage().contains("mock://" + SCOPE_B), error.getMessage());
    }
}
