package io.vigil.lab.generate;

import io.vigil.config.RuleSet;
import io.vigil.loadgen.CombinedScenario;
import io.vigil.loadgen.ConfounderRates;
import io.vigil.loadgen.FraudScenario;
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
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the scenario {@code vigil generate} plays from what the user asked for: which scenario, the rate, how
 * many live events, the population sizes and the injection rates per pattern.
 *
 * <p>Why the rate is split for {@code all}: the two scenarios are paced by their own event time and merged, so
 * each gets half of {@code --rate}. The telemetry scenario has no rate of its own: a fleet of {@code devices}
 * reports four metrics per interval, so the interval is derived from the rate it must reach.
 */
public final class GeneratedScenario {

    /** Which scenarios to play. */
    public enum Kind { FRAUD, TELEMETRY, ALL }

    /**
     * What to generate.
     *
     * @param liveEvents          live events in total, {@code Long.MAX_VALUE} for endless
     * @param injectionsPerMinute the rate for every pattern that {@code perPattern} does not name
     * @param perPattern          injection rates by pattern id (fraud patterns and telemetry faults)
     * @param history             whether to send the warm-up history first
     * @param traffic             the card traffic's confounders and subtle injections; none for clean traffic
     */
    public record Request(Kind kind, long seed, double rate, long liveEvents, int cards, int devices,
                          double injectionsPerMinute, Map<String, Double> perPattern, boolean history,
                          Instant start, RuleSet rules, ConfounderRates traffic) {

        /** Clean traffic. */
        public Request(Kind kind, long seed, double rate, long liveEvents, int cards, int devices,
                       double injectionsPerMinute, Map<String, Double> perPattern, boolean history, Instant start,
                       RuleSet rules) {
            this(kind, seed, rate, liveEvents, cards, devices, injectionsPerMinute, perPattern, history, start, rules,
                    ConfounderRates.none());
        }
    }

    private GeneratedScenario() {
    }

    /** Every pattern id {@code --inject} accepts, sorted. */
    public static Set<String> patternIds() {
        Set<String> ids = new TreeSet<>(fraudIds());
        ids.addAll(telemetryIds());
        return ids;
    }

    /**
     * The scenario for {@code request}.
     *
     * @throws IllegalArgumentException naming the bad value when the combination cannot be played (an unknown
     *                                  pattern, a rate the fleet cannot reach, a pattern of the other scenario)
     */
    public static Scenario build(Request request) {
        for (String id : request.perPattern().keySet()) {
            if (!patternIds().contains(id)) {
                throw new IllegalArgumentException("unknown pattern '" + id + "' in --inject; known patterns: "
                        + String.join(", ", patternIds()));
            }
        }
        List<Scenario> parts = new ArrayList<>();
        boolean both = request.kind() == Kind.ALL;
        double partRate = both ? request.rate() / 2 : request.rate();
        long partEvents = request.liveEvents() == Long.MAX_VALUE ? Long.MAX_VALUE
                : both ? (request.liveEvents() + 1) / 2 : request.liveEvents();
        if (request.kind() != Kind.TELEMETRY) {
            parts.add(new FraudScenario(fraud(request, partRate, partEvents)));
        } else {
            rejectPatternsOf(request, fraudIds(), "fraud");
        }
        if (request.kind() != Kind.FRAUD) {
            parts.add(new TelemetryScenario(telemetry(request, partRate, partEvents)));
        } else {
            rejectPatternsOf(request, telemetryIds(), "telemetry");
        }
        return parts.size() == 1 ? parts.get(0) : new CombinedScenario(parts);
    }

    private static ScenarioConfig fraud(Request request, double rate, long liveEvents) {
        Map<Pattern, Double> rates = new EnumMap<>(Pattern.class);
        for (Pattern pattern : Pattern.values()) {
            rates.put(pattern, request.perPattern().getOrDefault(pattern.id(), request.injectionsPerMinute()));
        }
        // Only the cards reserved for amount anomalies get a warm-up history: a few events each, so that the
        // history takes well under a second and live event time can track the wall clock.
        return ScenarioConfig.defaults(request.seed(), request.start())
                .withCards(request.cards())
                .withHistory(request.history(), 0)
                .withRate(rate)
                .withLiveEvents(liveEvents)
                .withInjectionsPerMinute(rates)
                .withRules(request.rules())
                .withConfounders(request.traffic());
    }

    private static TelemetryScenarioConfig telemetry(Request request, double rate, long liveEvents) {
        Map<TelemetryFault, Double> rates = new EnumMap<>(TelemetryFault.class);
        for (TelemetryFault fault : TelemetryFault.values()) {
            rates.put(fault, request.perPattern().getOrDefault(fault.id(), request.injectionsPerMinute()));
        }
        long intervalMillis = Math.round(request.devices() * (double) TelemetryScenarioConfig.METRICS_PER_DEVICE
                * 1000.0 / rate);
        if (intervalMillis < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%,d devices cannot reach %,.0f readings/s (each reports 4 metrics at most once a millisecond);"
                            + " raise --devices", request.devices(), rate));
        }
        return TelemetryScenarioConfig.defaults(request.seed(), request.start())
                .withDevices(request.devices())
                .withReportingInterval(Duration.ofMillis(intervalMillis))
                .withLiveEvents(liveEvents)
                .withHistory(request.history())
                .withFaultsPerMinute(rates)
                .withRules(request.rules());
    }

    private static void rejectPatternsOf(Request request, Set<String> ids, String scenario) {
        for (String id : request.perPattern().keySet()) {
            if (ids.contains(id)) {
                throw new IllegalArgumentException("--inject " + id + " is a " + scenario + " pattern, but --scenario is "
                        + request.kind().name().toLowerCase(Locale.ROOT));
            }
        }
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

    /** The injection rate of every pattern the scenario plays, for the start line. */
    public static Map<String, Double> effectiveRates(Request request) {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (request.kind() != Kind.TELEMETRY) {
            for (Pattern pattern : Pattern.values()) {
                rates.put(pattern.id(), request.perPattern().getOrDefault(pattern.id(), request.injectionsPerMinute()));
            }
        }
        if (request.kind() != Kind.FRAUD) {
            for (TelemetryFault fault : TelemetryFault.values()) {
                rates.put(fault.id(), request.perPattern().getOrDefault(fault.id(), request.injectionsPerMinute()));
            }
        }
        return rates;
    }
}
