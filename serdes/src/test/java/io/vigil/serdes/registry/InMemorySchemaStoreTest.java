package io.vigil.serdes.registry;

import static io.vigil.serdes.registry.TestSchemas.PAYMENT_INCOMPATIBLE;
import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V1;
import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class InMemorySchemaStoreTest {

    private final InMemorySchemaStore store = new InMemorySchemaStore();

    @Test
    void shouldNumberIdsFromOneAndVersionsPerSubjectWhenSchemasAreRegistered() {
        // When two versions go to one subject and the second schema also to another subject
        int first = store.register("payments-value", PAYMENT_V1);
        int second = store.register("payments-value", PAYMENT_V2);
        int shared = store.register("refunds-value", PAYMENT_V2);

        // Then ids are global and start at 1, versions count per subject, and one schema keeps one id
        assertEquals(1, first);
        assertEquals(2, second);
        assertEquals(2, shared);
        assertEquals(List.of(1, 2), store.versions("payments-value"));
        assertEquals(List.of(1), store.versions("refunds-value"));
        assertEquals(new RegisteredSchema("refunds-value", 2, 1, PAYMENT_V2), store.latest("refunds-value"));
    }

    @Test
    void shouldReturnTheSameIdWithoutANewVersionWhenTheSameSchemaIsRegisteredAgain() {
        // Given a subject with two versions
        store.register("payments-value", PAYMENT_V1);
        store.register("payments-value", PAYMENT_V2);

        // When version 1's schema is registered again
        int again = store.register("payments-value", PAYMENT_V1);

        // Then its id comes back and the subject still has two versions
        assertEquals(1, again);
        assertEquals(List.of(1, 2), store.versions("payments-value"));
        assertEquals(2, store.latest("payments-value").version());
    }

    @Test
    void shouldRejectWith409WhenNewSchemaCannotReadTheLatestVersion() {
        // Given version 1
        store.register("payments-value", PAYMENT_V1);

        // When a schema that adds a field without a default is registered
        IncompatibleSchemaException error = assertThrows(IncompatibleSchemaException.class,
                () -> store.register("payments-value", PAYMENT_INCOMPATIBLE));

        // Then it is refused like Confluent refuses it, with the reason, and no version or id was added
        assertEquals(409, error.httpStatus());
        assertEquals(409, error.errorCode());
        assertTrue(error.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), error.getMessage());
        assertTrue(error.getMessage().contains("merchantId"), error.getMessage());
        assertEquals(List.of(1), store.versions("payments-value"));
        assertEquals(2, store.register("other-value", PAYMENT_V2));
    }

    @Test
    void shouldTellSubjectFromSchemaWhenLookupFails() {
        // Given one subject
        store.register("payments-value", PAYMENT_V1);

        // When an unknown subject, an unregistered schema and an unknown version are looked up
        SchemaNotFoundException noSubject = assertThrows(SchemaNotFoundException.class,
                () -> store.getId("unknown-value", PAYMENT_V1));
        SchemaNotFoundException noSchema = assertThrows(SchemaNotFoundException.class,
                () -> store.getId("payments-value", PAYMENT_V2));
        SchemaNotFoundException noVersion = assertThrows(SchemaNotFoundException.class,
                () -> store.version("payments-value", 2));
        SchemaNotFoundException noId = assertThrows(SchemaNotFoundException.class, () -> store.getById(7));

        // Then each carries Confluent's error code for its case
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, noSubject.errorCode());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noSchema.errorCode());
        assertEquals(SchemaRegistryException.VERSION_NOT_FOUND, noVersion.errorCode());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noId.errorCode());
    }
}
