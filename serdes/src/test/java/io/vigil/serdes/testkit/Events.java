package io.vigil.serdes.testkit;

import java.time.Instant;

/**
 * Test-data factories for Vigil's events, shared by every module's tests (flink-training style): each builder
 * starts from an ordinary, valid event and a test overrides only the fields its case is about, so a reader sees
 * what matters and a new schema field is defaulted in one place instead of ten.
 *
 * <pre>{@code
 * Transaction tx = aTransaction().id("e4").card("card-1").at(T0.plusSeconds(30)).build();
 * Telemetry hot = aReading().device("dev-1").value(95.0).build();
 * Alert open = anAlert().id("a1").rule("velocity").card("card-1").build();
 * }</pre>
 */
public final class Events {

    /** The instant every default event happens at, and the origin most tests count seconds from. */
    public static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private Events() {
    }

    /** An online (e-commerce, no position) payment of 25.00 EUR by card-1 at T0; its merchant is "m-" + its id. */
    public static TransactionBuilder aTransaction() {
        return new TransactionBuilder();
    }

    /** A temperature reading of 21.5 C from dev-1 at T0. */
    public static ReadingBuilder aReading() {
        return new ReadingBuilder();
    }

    /** An OPEN, HIGH velocity alert (rule version 1) on card-1, fired and windowed at T0, explained as "test". */
    public static AlertBuilder anAlert() {
        return new AlertBuilder();
    }
}
