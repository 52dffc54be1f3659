package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

/**
 * The analyst's commands' contract, {@code vigil cards unblock} and {@code vigil alerts label}: help, the verdict's
 * spelling and the missing cluster. No broker is started here; the console's browser test writes through the same
 * {@code AnalystActions} on a real one.
 */
class AnalystCommandsTest {

    private final CapturedRun vigil = new CapturedRun();
    private final StringWriter out = vigil.out;
    private final StringWriter err = vigil.err;

    private int run(String... args) {
        return vigil.execute(args);
    }

    @Test
    void shouldDescribeEveryOptionWhenAskedForHelp() {
        // When
        int unblock = run("cards", "unblock", "--help");
        int label = run("alerts", "label", "--help");

        // Then
        assertEquals(0, unblock + label);
        for (String option : List.of("CARD_ID", "--reason=TEXT", "--request-id=ID", "--actor=NAME", "ALERT_ID",
                "fraud|legit", "--note=TEXT", "--timeout=DURATION", "--bootstrap-servers=HOST:PORT")) {
            assertTrue(out.toString().contains(option), option + " missing from " + out);
        }
    }

    @Test
    void shouldListTheAnalystCommandsWhenAskedForTheRootHelp() {
        // When
        int exitCode = run("--help");

        // Then
        assertEquals(0, exitCode);
        assertTrue(out.toString().contains("cards"), out::toString);
        assertTrue(out.toString().contains("alerts"), out::toString);
    }

    @Test
    void shouldExitTwoNamingTheVerdictsWhenTheVerdictIsUnknown() {
        // When
        int exitCode = run("alerts", "label", "some-alert", "maybe");

        // Then
        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("expected one of [fraud, legit]"), err::toString);
    }

    @Test
    void shouldExitOneAskingForAClusterWhenUnblockHasNone() {
        // When
        int exitCode = run("cards", "unblock", "card-1");

        // Then
        assertEquals(1, exitCode);
        assertTrue(err.toString().startsWith("vigil cards unblock: vigil cards unblock needs a running Kafka cluster"),
                err::toString);
    }
}
