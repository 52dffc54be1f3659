package io.vigil.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.lab.load.LoadSettings;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;

class ScenarioOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ScenarioOptions options;
    }

    private static LoadSettings parse(String... args) {
        Probe probe = new Probe();
        // As VigilCommand configures every command: enum values in lower case.
        new CommandLine(probe).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return probe.options.settings(Map.of(), true);
    }

    @Test
    void shouldMeanCardTransactionsWithTelemetryOnTopWhenNoScenarioIsGiven() {
        // When demo and generate read the same flags
        LoadSettings settings = parse("--rate", "1000", "--devices", "500", "--reporting-interval", "5s");

        // Then both kinds play: 1,000 transactions/s plus 500 devices x 4 metrics / 5 s
        assertEquals(LoadSettings.Kind.ALL, settings.kind());
        assertEquals(1000, settings.transactionsPerSecond());
        assertEquals(400, settings.readingsPerSecond());
        assertEquals(1400, settings.eventsPerSecond());
    }

    @Test
    void shouldSayWhatToUseInsteadWhenRateIsGivenForTelemetryOnly() {
        // When
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--scenario", "telemetry", "--rate", "2000"));

        // Then
        assertTrue(e.getMessage().contains("--devices and --reporting-interval"), e.getMessage());
    }
}
