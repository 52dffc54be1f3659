package io.vigil.serdes.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Small hand-built schemas for registry tests: a payment record in three versions. */
final class TestSchemas {

    /** Version 1: id and amount. */
    static final Schema PAYMENT_V1 = SchemaBuilder.record("Payment").namespace("io.vigil.test").fields()
            .requiredString("id")
            .requiredLong("amountMinor")
            .endRecord();

    /** Version 2, BACKWARD compatible: adds currency with a default. */
    static final Schema PAYMENT_V2 = SchemaBuilder.record("Payment").namespace("io.vigil.test").fields()
            .requiredString("id")
            .requiredLong("amountMinor")
            .name("currency").type().stringType().stringDefault("EUR")
            .endRecord();

    /** Not BACKWARD compatible with version 1: adds merchantId without a default. */
    static final Schema PAYMENT_INCOMPATIBLE = SchemaBuilder.record("Payment").namespace("io.vigil.test").fields()
            .requiredString("id")
            .requiredLong("amountMinor")
            .requiredString("merchantId")
            .endRecord();

    private TestSchemas() {
    }
}
