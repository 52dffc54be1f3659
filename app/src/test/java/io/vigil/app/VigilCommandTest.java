package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The command line's contract: help, version and exit codes. No broker is started here. */
class VigilCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = VigilCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldPrintUsageAndExitZeroWhenAskedForHelp() {
        int exitCode = run("--help");

        assertEquals(0, exitCode);
        assertTrue(out.toString().startsWith("Usage: vigil "), out::toString);
        assertTrue(out.toString().contains("broker"), out::toString);
        assertEquals("", err.toString());
    }

    @Test
    void shouldPrintBrokerUsageAndExitZeroWhenAskedForBrokerHelp() {
        int exitCode = run("broker", "--help");

        assertEquals(0, exitCode);
        assertTrue(out.toString().startsWith("Usage: vigil broker "), out::toString);
        assertTrue(out.toString().contains("--port=PORT"), out::toString);
        assertTrue(out.toString().contains("--dir=DIR"), out::toString);
        assertEquals("", err.toString());
    }

    @Test
    void shouldPrintVersionAndExitZeroWhenAskedForVersion() {
        int exitCode = run("--version");

        assertEquals(0, exitCode);
        assertTrue(out.toString().startsWith("vigil "), out::toString);
        assertTrue(out.toString().contains("Kafka 4."), out::toString);
    }

    @Test
    void shouldExitTwoWithMessageWhenOptionIsUnknown() {
        int exitCode = run("--no-such-option");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err::toString);
        assertTrue(err.toString().contains("Usage: vigil "), err::toString);
    }

    @Test
    void shouldExitTwoWhenNoSubcommandIsGiven() {
        int exitCode = run();

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("Missing required subcommand"), err::toString);
    }

    @Test
    void shouldExitTwoWithoutStartingBrokerWhenPortIsOutOfRange() {
        int exitCode = run("broker", "--port", "70000");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("'--port': must be 0..65535"), err::toString);
    }

    @Test
    void shouldPrintDetectUsageAndExitZeroWhenAskedForDetectHelp() {
        int exitCode = run("detect", "--help");

        assertEquals(0, exitCode);
        assertTrue(out.toString().startsWith("Usage: vigil detect "), out::toString);
        for (String option : new String[] {"--bootstrap-servers", "--schema-registry-url", "--state-dir",
                "--instance-id", "--processing-guarantee", "--commit-interval"}) {
            assertTrue(out.toString().contains(option), option);
        }
    }

    @Test
    void shouldExitOneNamingTheSettingWhenDetectHasNoCluster() {
        int exitCode = run("detect", "--bootstrap-servers", "", "--schema-registry-url", "mock://x");

        assertEquals(1, exitCode);
        assertTrue(err.toString().contains("bootstrap.servers"), err::toString);
    }

    @Test
    void shouldExitTwoWhenDetectGetsAnUnknownGuarantee() {
        int exitCode = run("detect", "--processing-guarantee", "exactly_twice");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("--processing-guarantee"), err::toString);
    }

    @Test
    void shouldPrintChaosUsageAndExitZeroWhenAskedForChaosHelp() {
        int exitCode = run("chaos", "--help");

        assertEquals(0, exitCode);
        assertTrue(out.toString().startsWith("Usage: vigil chaos "), out::toString);
        assertTrue(out.toString().contains("--scenario=NAME"), out::toString);
        assertTrue(out.toString().contains("--json=FILE"), out::toString);
        assertTrue(out.toString().contains("crash-rotation"), out::toString);
    }

    @Test
    void shouldExitTwoNamingTheScenariosWhenTheScenarioIsUnknown() {
        int exitCode = run("chaos", "--scenario", "meteor-strike");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("unknown scenario 'meteor-strike'"), err::toString);
        assertTrue(err.toString().contains("broker-restart"), err::toString);
    }

    @Test
    void shouldExitTwoWithoutStartingAnythingWhenTheChaosLoadIsTooShort() {
        int exitCode = run("chaos", "--scenario", "poison", "--duration", "5s");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("at least 10 s"), err::toString);
    }
}
