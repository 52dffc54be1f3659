package io.vigil.app;

import io.vigil.lab.load.LoadSettings;
import io.vigil.loadgen.ConfounderRates;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;

/**
 * The traffic options {@code vigil demo} and {@code vigil generate} share, with one meaning in both (and in the
 * chaos runs' load): {@code --rate} is card transactions per second, and telemetry comes on top at what the fleet
 * reports ({@link LoadSettings}).
 */
final class ScenarioOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "all", paramLabel = "fraud|telemetry|all",
            description = "Which traffic to generate: card transactions, device telemetry, or both merged by event "
                    + "time (default: ${DEFAULT-VALUE}).")
    LoadSettings.Kind scenario;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "TX_PER_SEC",
            description = "Card transactions per second of normal traffic (default: ${DEFAULT-VALUE}). Telemetry "
                    + "comes on top: --devices x 4 metrics / --reporting-interval readings per second; injected "
                    + "patterns add a few events at their own event times.")
    double rate;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed: the same seed and options give the same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cards", defaultValue = "50000", paramLabel = "N",
            description = "Cards carrying normal transactions; a card buys at most every 15 s "
                    + "(default: ${DEFAULT-VALUE}).")
    int cards;

    @Option(names = "--devices", defaultValue = "500", paramLabel = "N",
            description = "Devices in the telemetry fleet, each reporting 4 metrics (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--reporting-interval", defaultValue = "5s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often each device reports each metric (default: ${DEFAULT-VALUE}).")
    Duration reportingInterval;

    @Option(names = "--injections-per-minute", defaultValue = "6", paramLabel = "N",
            description = "Injections per minute of each fraud pattern and each device fault, 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    double injectionsPerMinute;

    @Option(names = "--traffic", defaultValue = "clean", paramLabel = "clean|realistic[:KIND=N,...]",
            converter = TrafficConverter.class,
            description = "Card traffic: clean (nothing normal comes near a rule, every injection far past it), or "
                    + "realistic: legitimate look-alikes of fraud at documented rates per minute (recorded in the "
                    + "ground truth as not fraud) and half the injections just past their threshold, so precision and "
                    + "recall fall below 100%%. Override a rate with realistic:big-ticket=10,subtle=0.2; kinds: "
                    + "transit-burst, split-bill, big-ticket, fast-travel, wrong-terminal-position, merchant-retry, "
                    + "small-payments (docs/realistic-traffic.md; default: ${DEFAULT-VALUE}).")
    ConfounderRates traffic;

    /**
     * The load these options describe.
     *
     * @param perPattern injection rates that override {@code --injections-per-minute}, by pattern id
     * @param history    whether the warm-up history goes first
     * @throws ParameterException naming the option when a value is out of range
     */
    LoadSettings settings(Map<String, Double> perPattern, boolean history) {
        validate();
        return new LoadSettings(scenario, seed, rate, cards, devices, reportingInterval, injectionsPerMinute,
                perPattern, history, traffic);
    }

    private void validate() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw problem("--rate must be > 0, got " + rate);
        }
        // Without card traffic a card rate means nothing; saying so beats ignoring it.
        if (scenario == LoadSettings.Kind.TELEMETRY && spec.commandLine().getParseResult().hasMatchedOption("--rate")) {
            throw problem("--rate is card transactions per second, and --scenario telemetry sends none; set the "
                    + "fleet's readings per second with --devices and --reporting-interval");
        }
        if (cards < 100) {
            throw problem("--cards must be at least 100, got " + cards);
        }
        if (devices < 1) {
            throw problem("--devices must be at least 1, got " + devices);
        }
        if (reportingInterval.toMillis() < 100) {
            throw problem("--reporting-interval must be at least 100ms, got " + reportingInterval);
        }
        if (!(injectionsPerMinute >= 0) || Double.isInfinite(injectionsPerMinute)) {
            throw problem("--injections-per-minute must be >= 0, got " + injectionsPerMinute);
        }
    }

    private ParameterException problem(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
