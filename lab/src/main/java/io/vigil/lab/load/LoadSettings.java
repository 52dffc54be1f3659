package io.vigil.lab.load;

import io.vigil.config.RuleSet;
import io.vigil.loadgen.CombinedScenario;
import io.vigil.loadgen.ConfounderRates;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.InjectedPattern;
import io.vigil.loadgen.Pattern;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryFault;
import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seeded load that {@code vigil demo}, {@code vigil generate} and the chaos runs play: which traffic, how fast,
 * over which populations, with which injections. One meaning for every command:
 *
 * <ul>
 *   <li>{@code transactionsPerSecond} is the rate of normal card transactions;</li>
 *   <li>telemetry comes on top at what the fleet reports: {@code devices} x 4 metrics / {@code reportingInterval};</li>
 *   <li>injected patterns and faults add a few events on top of both, at their own event times.</li>
 * </ul>
 * The card rate is the free knob because a fleet's rate is fixed by its size and its reporting interval, as it is
 * for real devices.
 *
 * @param injectionsPerMinute the injection rate of every pattern and fault that {@code perPattern} does not name
 * @param perPattern          injection rates by {@link InjectedPattern#id()}
 * @param history             whether to send the warm-up history first (reserved cards' spending, device baselines)
 * @param traffic             the card traffic's legitimate look-alikes of fraud and subtle injections;
 *                            {@link ConfounderRates#none()} is clean traffic
 */
public record LoadSettings(Kind kind, long seed, double transactionsPerSecond, int cards, int devices,
                           Duration reportingInterval, double injectionsPerMinute, Map<String, Double> perPattern,
                           boolean history, ConfounderRates traffic) {

    /** Clean card traffic. */
    public LoadSettings(Kind kind, long seed, double transactionsPerSecond, int cards, int devices,
                        Duration reportingInterval, double injectionsPerMinute, Map<String, Double> perPattern,
                        boolean history) {
        this(kind, seed, transactionsPerSecond, cards, devices, reportingInterval, injectionsPerMinute, perPattern,
                history, ConfounderRates.none());
    }

    /** Which traffic to play. */
    public enum Kind {
        FRAUD, TELEMETRY, ALL;

        public boolean fraud() {
            return this != TELEMETRY;
        }

        public boolean telemetry() {
            return this != FRAUD;
        }

        /** As on the command line and in summaries: {@code fraud}, {@code telemetry}, {@code all}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LoadSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reportingInterval, "reportingInterval");
        Objects.requireNonNull(traffic, "traffic");
        perPattern = Map.copyOf(perPattern);
    }

    /** Telemetry readings per second of the fleet, 0 without telemetry. */
    public double readingsPerSecond() {
        return kind.telemetry()
                ? devices * (double) TelemetryScenarioConfig.METRICS_PER_DEVICE * 1000 / reportingInterval.toMillis()
                : 0;
    }

    /** Normal live events per second in all: transactions plus readings. */
    public double eventsPerSecond() {
        return (kind.fraud() ? transactionsPerSecond : 0) + readingsPerSecond();
    }

    /** The scenario for {@code duration} of live traffic starting at {@code liveStart}. */
    public Scenario forDuration(Instant liveStart, Duration duration, RuleSet rules) {
        long transactions = (long) Math.ceil(transactionsPerSecond * duration.toNanos() / 1e9);
        return build(liveStart, rules, transactions, telemetry -> telemetry.withLiveDuration(duration));
    }

    /**
     * The scenario for {@code liveEvents} live events in all ({@code Long.MAX_VALUE}: endless), shared between
     * transactions and readings in proportion to their rates.
     */
    public Scenario forEvents(Instant liveStart, long liveEvents, RuleSet rules) {
        long transactions = liveEvents;
        long readings = liveEvents;
        if (liveEvents != Long.MAX_VALUE && kind == Kind.ALL) {
            transactions = Math.max(1, Math.round(liveEvents * transactionsPerSecond / eventsPerSecond()));
            readings = Math.max(1, liveEvents - transactions);
        }
        long telemetryEvents = readings;
        return build(liveStart, rules, transactions, telemetry -> telemetry.withLiveEvents(telemetryEvents));
    }

    private Scenario build(Instant liveStart, RuleSet rules, long transactions,
                           java.util.function.UnaryOperator<TelemetryScenarioConfig> telemetryLimit) {
        for (String id : perPattern.keySet()) {
            if (!patternIds().contains(id)) {
                throw new IllegalArgumentException("unknown pattern '" + id + "' in --inject; known patterns: "
                        + String.join(", ", patternIds()));
            }
        }
        List<Scenario> parts = new ArrayList<>();
        if (kind.fraud()) {
            parts.add(new FraudScenario(fraud(liveStart, rules, transactions)));
        } else {
            rejectPatternsOf(fraudIds(), "fraud");
        }
        if (kind.telemetry()) {
            parts.add(new TelemetryScenario(telemetryLimit.apply(telemetry(liveStart, rules))));
        } else {
            rejectPatternsOf(telemetryIds(), "telemetry");
        }
        return parts.size() == 1 ? parts.get(0) : new CombinedScenario(parts);
    }

    private ScenarioConfig fraud(Instant liveStart, RuleSet rules, long liveEvents) {
        Map<Pattern, Double> rates = new EnumMap<>(Pattern.class);
        for (Pattern pattern : Pattern.values()) {
            rates.put(pattern, rateOf(pattern));
        }
        // Only the cards reserved for amount anomalies get a warm-up history: a few events each, so that the
        // history takes well under a second and live event time can track the wall clock.
        return ScenarioConfig.defaults(seed, liveStart)
                .withCards(cards)
                .withHistory(history, 0)
                .withRate(transactionsPerSecond)
                .withLiveEvents(liveEvents)
                .withInjectionsPerMinute(rates)
                .withRules(rules)
                .withConfounders(traffic);
    }

    private TelemetryScenarioConfig telemetry(Instant liveStart, RuleSet rules) {
        Map<TelemetryFault, Double> rates = new EnumMap<>(TelemetryFault.class);
        for (TelemetryFault fault : TelemetryFault.values()) {
            rates.put(fault, rateOf(fault));
        }
        return TelemetryScenarioConfig.defaults(seed, liveStart)
                .withDevices(devices)
                .withReportingInterval(reportingInterval)
                .withHistory(history)
                .withFaultsPerMinute(rates)
                .withRules(rules);
    }

    private double rateOf(InjectedPattern pattern) {
        return perPattern.getOrDefault(pattern.id(), injectionsPerMinute);
    }

    private void rejectPatternsOf(Set<String> ids, String scenario) {
        for (String id : perPattern.keySet()) {
            if (ids.contains(id)) {
                throw new IllegalArgumentException("--inject " + id + " is a " + scenario + " pattern, but --scenario is "
                        + kind.id());
            }
        }
    }

    /** The injection rate of every pattern the scenario plays, for the start line. */
    public Map<String, Double> effectiveRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (kind.fraud()) {
            for (Pattern pattern : Pattern.values()) {
                rates.put(pattern.id(), rateOf(pattern));
            }
        }
        if (kind.telemetry()) {
            for (TelemetryFault fault : TelemetryFault.values()) {
                rates.put(fault.id(), rateOf(fault));
            }
        }
        return rates;
    }

    /** Every pattern id {@code --inject} accepts, sorted. */
    public static Set<String> patternIds() {
        Set<String> ids = new TreeSet<>(fraudIds());
        ids.addAll(telemetryIds());
        return ids;
    }

    private static Set<String> fraudIds() {
        Set<String> ids = new TreeSet<>();
        for (Pattern pattern : Pattern.values()) {
            ids.add(pattern.id());
        }
        return ids;
    }

    private static Set<String> telemetryIds() {
        Set<String> ids = new TreeSet<>();
        for (TelemetryFault fault : TelemetryFault.values()) {
            ids.add(fault.id());
        }
        return ids;
    }
}
