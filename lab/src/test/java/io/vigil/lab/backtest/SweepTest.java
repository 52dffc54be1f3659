package io.vigil.lab.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Transaction;
import io.vigil.loadgen.ConfounderRates;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.Injection;
import io.vigil.loadgen.ScenarioConfig;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep, offline on a generated log of realistic traffic: one pass must give, for each value, exactly what a
 * replay with that value alone gives, scored as the backtest scores ({@link RuleScore}).
 */
class SweepTest {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final List<Transaction> log = new ArrayList<>();
    private static List<Injection> truth;

    @BeforeAll
    static void generateARealisticLog() {
        FraudScenario scenario = new FraudScenario(ScenarioConfig.defaults(5, Instant.parse("2026-11-23T12:00:00Z"))
                .withCards(3_000).withHistory(true, 0).withRate(100).withLiveEvents(100 * 600)
                .withInjectionsPerMinute(6).withConfounders(ConfounderRates.realistic()));
        scenario.forEachRemaining(e -> log.add(e.valueAs(Transaction.class)));
        truth = scenario.groundTruth().injections();
    }

    @Test
    void shouldScoreEachValueAsASeparateReplayWouldWhenSweepingInOnePass() {
        // Given a sweep of the amount rule's threshold
        Sweep sweep = new Sweep(RuleSet.defaults(), Sweep.Parameter.parse("amount-anomaly.zThreshold=3,5,10"), GRACE);

        // When the log is replayed once
        log.forEach(sweep::accept);
        List<Sweep.Point> points = sweep.points(truth);

        // Then each point is the backtest's score of a replay with that threshold alone
        assertEquals(List.of("3", "5", "10"), points.stream().map(Sweep.Point::value).toList());
        for (Sweep.Point point : points) {
            RuleSet rules = withParameter("amount-anomaly", "zThreshold", point.value());
            Replay alone = new Replay(rules, GRACE);
            log.forEach(alone::accept);
            RuleScore expected = RuleScore.of(rules.find("amount-anomaly").orElseThrow(), alone.alerts(), truth);
            assertEquals(expected.alerts(), point.alerts(), point.value());
            assertEquals(expected.precision(), point.precision(), 1e-12, point.value());
            assertEquals(expected.recall(), point.recall(), 1e-12, point.value());
        }
        // and, with confounders and subtle injections, a stricter threshold trades recall for precision
        assertTrue(points.get(0).precision() < points.get(2).precision(), points.toString());
        assertTrue(points.get(0).recall() > points.get(2).recall(), points.toString());
        assertTrue(points.get(1).precision() < 1 && points.get(1).recall() < 1, "defaults not perfect: " + points);
    }

    @Test
    void shouldPrintATableAndDrawAPngWhenReported(@TempDir Path dir) throws Exception {
        // Given a swept window of the duplicate rule
        Sweep sweep = new Sweep(RuleSet.defaults(), Sweep.Parameter.parse("duplicate-transaction.window=30s,2m"), GRACE);
        log.forEach(sweep::accept);
        SweepReport report = SweepReport.of(sweep, truth);

        // When
        StringWriter text = new StringWriter();
        report.printTable(new PrintWriter(text));
        Path png = dir.resolve("curve.png");
        report.writeChart(png);

        // Then the table has a row per value with the points' own figures, and the PNG is a small PNG
        Sweep.Point a = report.points().get(0);
        Sweep.Point b = report.points().get(1);
        String expected = String.format("Sweep of duplicate-transaction.window over %,d transactions and 0 readings: "
                        + "%d duplicate-transaction injections in the ground truth.%n"
                        + "  window         alerts   false  detected precision    recall%n"
                        + "  30s          %8d %7d %9s %9s %9s%n"
                        + "  2m           %8d %7d %9s %9s %9s%n", log.size(), a.injected(),
                a.alerts(), a.falseAlerts(), a.detected() + "/" + a.injected(), pct(a.precision()), pct(a.recall()),
                b.alerts(), b.falseAlerts(), b.detected() + "/" + b.injected(), pct(b.precision()), pct(b.recall()));
        assertEquals(expected, text.toString());
        assertTrue(b.alerts() > a.alerts(), "a longer window catches more retries and duplicates: " + report.points());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
        assertTrue(bytes.length < 100_000, "PNG size " + bytes.length);
    }

    @Test
    void shouldReadRuleParameterAndValuesWhenParsingTheSweepOption() {
        // When / Then
        assertEquals(new Sweep.Parameter("impossible-travel", "maxSpeedKmh", List.of("600", "900", "1200")),
                Sweep.Parameter.parse("impossible-travel.maxSpeedKmh=600, 900,1200"));
        assertEquals("--sweep takes RULE.PARAM=V1,V2,..., e.g. velocity.maxCount=4,5,6; got 'velocity=4'",
                assertThrows(IllegalArgumentException.class, () -> Sweep.Parameter.parse("velocity=4")).getMessage());
        assertEquals("--sweep velocity.maxCount= lists no values",
                assertThrows(IllegalArgumentException.class, () -> Sweep.Parameter.parse("velocity.maxCount=")).getMessage());
    }

    @Test
    void shouldNameTheRulesParametersWhenTheSweptParameterIsUnknown() {
        // Given a parameter velocity does not have
        Sweep.Parameter parameter = Sweep.Parameter.parse("velocity.limit=4,5");

        // When / Then
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sweep(RuleSet.defaults(), parameter, GRACE));
        assertTrue(e.getMessage().startsWith("--sweep: rule velocity has no parameter 'limit'; it has cooldown, "),
                e.getMessage());
    }

    private static RuleSet withParameter(String ruleId, String name, String value) {
        List<RuleSpec> rules = new ArrayList<>();
        for (RuleSpec rule : RuleSet.defaults().rules()) {
            if (rule.id().equals(ruleId)) {
                Map<String, String> parameters = new HashMap<>(rule.parameters());
                parameters.put(name, value);
                rule = new RuleSpec(rule.id(), rule.version(), rule.detector(), rule.enabled(), rule.severity(),
                        rule.cooldown(), parameters);
            }
            rules.add(rule);
        }
        return new RuleSet(rules);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", v * 100);
    }
}
