package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command line's contract: help, version and exit codes. No broker is started here. */
class VigilCommandTest {

    private final CapturedRun vigil = new CapturedRun();
    private final StringWriter out = vigil.out;
    private final StringWriter err = vigil.err;

    private int run(String... args) {
        return vigil.execute(args);
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
    void shouldTakeVerboseBeforeOrAfterTheCommandWhenParsing() {
        // Given --verbose on the root and on a subcommand (it is inherited, so both must work)
        for (List<String> args : List.of(List.of("--verbose", "rules", "list"), List.of("rules", "list", "--verbose"))) {
            CommandLine commandLine = VigilCommand.commandLine();

            // When parsed
            commandLine.parseArgs(args.toArray(String[]::new));

            // Then the root command, which routes the logs before the command runs, sees it
            VigilCommand root = commandLine.getCommand();
            assertTrue(root.verbose, args::toString);
        }
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
    void shouldExitOneNamingEveryRuleAndFieldWhenRulesFileIsInvalid(@TempDir Path dir) throws Exception {
        // Given a rules file with an out-of-range parameter and an unknown detector
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                rules:
                  - id: velocity
                    version: 2
                    detector: velocity
                    severity: HIGH
                    cooldown: 10m
                    parameters:
                      maxCount: 0
                      window: 60s
                  - id: teleport
                    version: 1
                    detector: teleportation
                    severity: LOW
                    cooldown: 0s
                """);

        // When it is applied (no cluster is needed to find its mistakes)
        int exitCode = run("rules", "apply", file.toString());

        // Then exit 1 and one line per problem, nothing else attempted
        assertEquals(1, exitCode);
        assertEquals("vigil rules apply: Rule 'velocity': parameter 'maxCount' = '0' is out of range: expected an "
                + "integer between 1 and 10000" + System.lineSeparator()
                + "Rule 'teleport': field 'detector' = 'teleportation' is unknown: expected one of velocity, "
                + "amount-anomaly, impossible-travel, card-testing, duplicate-transaction, blocked-card-used, "
                + "threshold, rate-of-change, telemetry-anomaly, flatline, silence" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void shouldExitOneWhenRulesCommandHasNoCluster(@TempDir Path dir) throws Exception {
        // Given a valid rules file and no bootstrap.servers anywhere
        Path file = Files.writeString(dir.resolve("ok.yaml"), """
                rules:
                  - id: velocity
                    version: 1
                    detector: velocity
                    severity: HIGH
                    cooldown: 10m
                    parameters:
                      maxCount: 5
                      window: 60s
                """);

        // When
        int exitCode = run("rules", "apply", file.toString());

        // Then
        assertEquals(1, exitCode);
        assertTrue(err.toString().startsWith("vigil rules apply: vigil rules apply needs a running Kafka cluster: "
                + "give --bootstrap-servers"), err::toString);
    }

    @Test
    void shouldExitTwoWhenSubscribeHasNoSubscriberName() {
        // When
        int exitCode = run("subscribe");

        // Then
        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("Missing required subcommand"), err::toString);
        assertTrue(err.toString().contains("card-blocker"), err::toString);
    }

    @Test
    void shouldDescribeEveryOptionWhenAskedForChainCommandsHelp() {
        // When
        int backtest = run("backtest", "--help");
        int notifier = run("subscribe", "notifier", "--help");
        int blocker = run("subscribe", "card-blocker", "--help");

        // Then
        assertEquals(0, backtest + notifier + blocker);
        for (String option : List.of("--rules=FILE", "--from=TIME", "--to=TIME", "--ground-truth=FILE", "--json=FILE",
                "--webhook=URL", "--file=FILE", "--min-severity=SEVERITY", "--instance-id=ID")) {
            assertTrue(out.toString().contains(option), option + " missing from " + out);
        }
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
