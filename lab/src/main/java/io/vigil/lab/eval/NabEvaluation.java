package io.vigil.lab.eval;

import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vigil eval nab}: runs Vigil's telemetry anomaly rule over every NAB series, chooses its parameters
 * per profile from a small grid (as NAB chooses each detector's threshold per profile), scores with
 * {@link NabScorer}, and reports the three profiles' scores, a 2-fold cross-validated standard score, the
 * leaderboard with Vigil's row among the published ones, a per-category table, and optionally a JSON file
 * and a PNG.
 *
 * <p>The grid runs the novelty model of the {@code telemetry-anomaly} rule; the rule's EWMA model with its
 * shipped parameters runs once beside it, as the baseline. At most two threads.
 */
public final class NabEvaluation {

    static final String RULE_ID = "telemetry-anomaly";
    static final int THREADS = 2;

    /** The grid the optimiser searches: every combination of these novelty parameters. */
    static final int[] BINS = {24, 32, 48};
    static final double[] RARITY = {0.0001, 0.0003, 0.001};
    static final int[] QUIET = {9, 19, 49};
    static final double[] DECAY = {0.999, 0.9995};
    /** Fixed: the exploration that chose the grid found the result flat in them. */
    static final Map<String, String> FIXED = Map.of("warmup", "50", "stepFactor", "2.5");

    private NabEvaluation() {
    }

    /**
     * Runs the evaluation.
     *
     * @param dataDir  a NAB checkout (data, labels, config and results directories)
     * @param json     where to write the JSON report, or null
     * @param profile  the profile whose tuned parameters produce the per-file detections, counts and PNG
     * @param png      where to write the chart, or null
     * @param progress where progress lines go (the run takes a minute or two)
     */
    public static NabReport run(Path dataDir, Path json, String profile, Path png, PrintStream progress) {
        NabCorpus corpus = NabCorpus.load(dataDir);
        NabProfile chosen = corpus.profile(profile);
        List<NabSeries> series = corpus.series();
        progress.printf(ROOT, "NAB: %d files, %d windows, %d rows from %s%n", series.size(), corpus.windowCount(),
                series.stream().mapToInt(NabSeries::size).sum(), dataDir);

        List<Map<String, String>> grid = grid();
        List<RuleSpec> candidates = new ArrayList<>();
        grid.forEach(p -> candidates.add(rule(p)));
        RuleSpec baseline = shippedEwma();
        candidates.add(baseline);

        long start = System.nanoTime();
        boolean[][][] detections = runAll(series, candidates, progress); // [candidate][file][row]
        double seconds = (System.nanoTime() - start) / 1e9;
        long readings = (long) candidates.size() * series.stream().mapToInt(NabSeries::size).sum();
        progress.printf(ROOT, "ran %d parameter sets x %d files (%d readings) in %.1f s%n", candidates.size(),
                series.size(), readings, seconds);

        int tuned = grid.size(); // candidates [0, tuned) are the grid, the last the baseline
        Map<String, NabReport.ProfileResult> results = new LinkedHashMap<>();
        for (NabProfile p : corpus.profiles()) {
            double[][] raw = fileScores(series, detections, p);
            int best = best(raw, tuned, all(series.size()));
            results.put(p.name(), result(corpus, p, candidates.get(best), detections[best], raw[best]));
        }
        double[][] rawStd = fileScores(series, detections, corpus.profile(NabProfile.STANDARD));
        NabReport.ProfileResult baselineResult = result(corpus, corpus.profile(NabProfile.STANDARD), baseline,
                detections[tuned], rawStd[tuned]);
        NabReport.CrossValidation cv = crossValidate(corpus, rawStd, grid, tuned);

        NabReport report = new NabReport(corpus, chosen.name(), results, baselineResult, cv, seconds, readings);
        progress.print(report.text());
        if (json != null) {
            write(json, report.json());
            progress.println("wrote " + json);
        }
        if (png != null) {
            NabChart.write(png, series, results.get(chosen.name()).detections(), 4);
            progress.println("wrote " + png);
        }
        return report;
    }

    static List<Map<String, String>> grid() {
        List<Map<String, String>> grid = new ArrayList<>();
        for (int bins : BINS) {
            for (double rarity : RARITY) {
                for (int quiet : QUIET) {
                    for (double decay : DECAY) {
                        Map<String, String> p = new TreeMap<>(FIXED);
                        p.put("bins", Integer.toString(bins));
                        p.put("rarity", Double.toString(rarity));
                        p.put("quiet", Integer.toString(quiet));
                        p.put("decay", Double.toString(decay));
                        grid.add(p);
                    }
                }
            }
        }
        return grid;
    }

    /** Vigil's default telemetry-anomaly rule (the ewma model) pointed at the NAB metric, cooldown 0. */
    static RuleSpec shippedEwma() {
        RuleSpec shipped = io.vigil.config.RuleSet.defaults().find(RULE_ID).orElseThrow();
        Map<String, String> params = new TreeMap<>(shipped.parameters());
        params.put("metric", NabRunner.METRIC);
        params.put("model", "ewma");
        return new RuleSpec(RULE_ID, 1, "telemetry-anomaly", true, "MEDIUM", Duration.ZERO, params);
    }

    /** The rule the evaluation runs for {@code novelty} parameters: cooldown 0, so every trigger is an OPEN. */
    static RuleSpec rule(Map<String, String> novelty) {
        Map<String, String> params = new TreeMap<>(novelty);
        params.put("metric", NabRunner.METRIC);
        params.put("model", "novelty");
        return new RuleSpec(RULE_ID, 1, "telemetry-anomaly", true, "MEDIUM", Duration.ZERO, params);
    }

    private static boolean[][][] runAll(List<NabSeries> series, List<RuleSpec> candidates, PrintStream progress) {
        boolean[][][] out = new boolean[candidates.size()][series.size()][];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int f = 0; f < series.size(); f++) {
                int file = f;
                jobs.add(pool.submit(() -> {
                    for (int c = 0; c < candidates.size(); c++) {
                        out[c][file] = NabRunner.detections(series.get(file), List.of(candidates.get(c)));
                    }
                    int n = done.incrementAndGet();
                    if (n % 10 == 0 || n == series.size()) {
                        synchronized (progress) {
                            progress.printf(ROOT, "  %d/%d files%n", n, series.size());
                        }
                    }
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("NAB run failed", e);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** [candidate][file] raw score under {@code profile}. */
    private static double[][] fileScores(List<NabSeries> series, boolean[][][] detections, NabProfile profile) {
        double[][] raw = new double[detections.length][series.size()];
        for (int c = 0; c < detections.length; c++) {
            for (int f = 0; f < series.size(); f++) {
                raw[c][f] = NabScorer.score(detections[c][f], series.get(f).windows(), profile).raw();
            }
        }
        return raw;
    }

    private static boolean[] all(int n) {
        boolean[] in = new boolean[n];
        java.util.Arrays.fill(in, true);
        return in;
    }

    /** The candidate among the first {@code tuned} with the highest raw score summed over the files in {@code files}; ties go to the first. */
    static int best(double[][] raw, int tuned, boolean[] files) {
        int best = 0;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < tuned; c++) {
            double sum = 0;
            for (int f = 0; f < files.length; f++) {
                if (files[f]) {
                    sum += raw[c][f];
                }
            }
            if (sum > bestSum + 1e-12) {
                bestSum = sum;
                best = c;
            }
        }
        return best;
    }

    /**
     * Two folds: files alternate between them in name order (so each fold has files of every category);
     * parameters tuned on one fold score the other, both ways, and the held-out raw scores are summed and
     * normalised over the whole corpus.
     */
    private static NabReport.CrossValidation crossValidate(NabCorpus corpus, double[][] raw,
                                                           List<Map<String, String>> grid, int tuned) {
        int n = corpus.series().size();
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int f = 0; f < n; f++) {
            a[f] = f % 2 == 0;
            b[f] = !a[f];
        }
        int bestA = best(raw, tuned, a);
        int bestB = best(raw, tuned, b);
        double heldOut = 0;
        for (int f = 0; f < n; f++) {
            heldOut += a[f] ? raw[bestB][f] : raw[bestA][f];
        }
        NabProfile std = corpus.profile(NabProfile.STANDARD);
        return new NabReport.CrossValidation(NabScorer.normalise(heldOut, corpus.windowCount(), std),
                grid.get(bestA), grid.get(bestB));
    }

    private static NabReport.ProfileResult result(NabCorpus corpus, NabProfile profile, RuleSpec rule,
                                                  boolean[][] detections, double[] raw) {
        List<NabReport.FileResult> files = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        double total = 0;
        for (int f = 0; f < corpus.series().size(); f++) {
            NabSeries s = corpus.series().get(f);
            NabScorer.FileScore score = NabScorer.score(detections[f], s.windows(), profile);
            tp += score.tp();
            fp += score.fp();
            fn += score.fn();
            total += raw[f];
            List<String> at = new ArrayList<>();
            for (int i = 0; i < detections[f].length; i++) {
                if (detections[f][i]) {
                    at.add(NabReport.timestamp(s.timestamps()[i]));
                }
            }
            files.add(new NabReport.FileResult(s.name(), s.category(), s.windows().size(), raw[f], score.tp(),
                    score.fp(), score.fn(), at));
        }
        files.sort(Comparator.comparing(NabReport.FileResult::name));
        return new NabReport.ProfileResult(profile, rule, NabScorer.normalise(total, corpus.windowCount(), profile),
                total, tp, fp, fn, files, detections);
    }

    private static void write(Path file, Object json) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
