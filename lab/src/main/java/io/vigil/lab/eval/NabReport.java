package io.vigil.lab.eval;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code vigil eval nab} found: the text it prints and the JSON it writes. */
public final class NabReport {

    /** Vigil's name in the leaderboard. */
    static final String VIGIL = "Vigil novelty (telemetry-anomaly, model novelty)";
    static final String VIGIL_EWMA = "Vigil EWMA z-score (telemetry-anomaly, shipped ewma defaults)";

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** One file under one profile's chosen parameters. */
    public record FileResult(String name, String category, int windows, double raw, int tp, int fp, int fn,
                             List<String> detections) {
    }

    /** One profile: the rule it chose, its normalised score and the per-file detail. */
    public record ProfileResult(NabProfile profile, RuleSpec rule, double score, double raw, int tp, int fp, int fn,
                                List<FileResult> files, boolean[][] detections) {
    }

    /** The standard profile tuned on one half of the files and scored on the other, both ways. */
    public record CrossValidation(double standard, Map<String, String> chosenOnFirstHalf,
                                  Map<String, String> chosenOnSecondHalf) {
    }

    private final NabCorpus corpus;
    private final String profile;
    private final Map<String, ProfileResult> results;
    private final ProfileResult baseline;
    private final CrossValidation crossValidation;
    private final double seconds;
    private final long readings;

    NabReport(NabCorpus corpus, String profile, Map<String, ProfileResult> results, ProfileResult baseline,
              CrossValidation crossValidation, double seconds, long readings) {
        this.corpus = corpus;
        this.profile = profile;
        this.results = results;
        this.baseline = baseline;
        this.crossValidation = crossValidation;
        this.seconds = seconds;
        this.readings = readings;
    }

    /** Normalised score per profile, each with the parameters tuned for it. */
    public Map<String, Double> scores() {
        Map<String, Double> out = new LinkedHashMap<>();
        results.forEach((name, r) -> out.put(name, r.score()));
        return out;
    }

    public ProfileResult result(String profileName) {
        return results.get(profileName);
    }

    public ProfileResult baseline() {
        return baseline;
    }

    public CrossValidation crossValidation() {
        return crossValidation;
    }

    static String timestamp(long millis) {
        return NAB_TIME.format(Instant.ofEpochMilli(millis));
    }

    /** The leaderboard for {@code profileName}: published rows and Vigil's, best first. */
    public List<Map.Entry<String, Double>> leaderboard(String profileName) {
        List<Map.Entry<String, Double>> rows = new ArrayList<>();
        corpus.publishedScores().forEach((detector, byProfile) -> {
            if (byProfile.containsKey(profileName)) {
                rows.add(Map.entry(detector, byProfile.get(profileName)));
            }
        });
        rows.add(Map.entry(VIGIL, results.get(profileName).score()));
        if (NabProfile.STANDARD.equals(profileName)) {
            rows.add(Map.entry(VIGIL_EWMA, baseline.score()));
        }
        rows.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return rows;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        ProfileResult chosen = results.get(profile);
        out.append(format(ROOT, "%nVigil on NAB (%d files, %d windows); parameters tuned per profile on a grid "
                + "of %d%n", corpus.series().size(), corpus.windowCount(), NabEvaluation.grid().size()));
        for (ProfileResult r : results.values()) {
            out.append(format(ROOT, "  %-20s %6.1f   tp %d fp %d fn %d   rule %s %s%n", r.profile().name(),
                    r.score(), r.tp(), r.fp(), r.fn(), r.rule().id(), params(r.rule())));
        }
        out.append(format(ROOT, "  cross-validated standard (2 folds, tuned on one half, scored on the other): "
                + "%.1f%n", crossValidation.standard()));
        out.append(format(ROOT, "  baseline, the ewma model with its shipped parameters: standard %.1f   %s%n",
                baseline.score(), params(baseline.rule())));
        out.append("  silence rules are not run: recorded data has no wall clock\n");
        out.append(format(ROOT, "  %d readings through DeviceDetection in %.1f s%n", readings, seconds));

        out.append(format(ROOT, "%nLeaderboard, profile %s%n", profile));
        for (Map.Entry<String, Double> row : leaderboard(profile)) {
            boolean ours = row.getKey().startsWith("Vigil");
            out.append(format(ROOT, "  %s %-62s %6.1f%n", ours ? ">" : " ", row.getKey(), row.getValue()));
        }

        out.append(format(ROOT, "%nPer category, profile %s (score normalised within the category)%n", profile));
        out.append(format(ROOT, "  %-24s %5s %7s %4s %4s %4s%n", "category", "files", "score", "tp", "fp", "fn"));
        Map<String, List<FileResult>> byCategory = new TreeMap<>();
        chosen.files().forEach(f -> byCategory.computeIfAbsent(f.category(), c -> new ArrayList<>()).add(f));
        byCategory.forEach((category, files) -> {
            int windows = files.stream().mapToInt(FileResult::windows).sum();
            double raw = files.stream().mapToDouble(FileResult::raw).sum();
            String score = windows == 0 ? "   n/a" : format(ROOT, "%6.1f", NabScorer.normalise(raw, windows,
                    chosen.profile()));
            out.append(format(ROOT, "  %-24s %5d %7s %4d %4d %4d%n", category, files.size(), score,
                    files.stream().mapToInt(FileResult::tp).sum(), files.stream().mapToInt(FileResult::fp).sum(),
                    files.stream().mapToInt(FileResult::fn).sum()));
        });
        return out.toString();
    }

    static String params(RuleSpec rule) {
        return new TreeMap<>(rule.parameters()).toString();
    }

    /** The JSON document: {@code scores}, {@code perFile}, {@code counts}, {@code crossValidated} and more. */
    public Map<String, Object> json() {
        ProfileResult chosen = results.get(profile);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scores", scores());
        root.put("profile", profile);
        Map<String, Object> rules = new LinkedHashMap<>();
        results.forEach((name, r) -> rules.put(name, Map.of("ruleId", r.rule().id(), "detector", r.rule().detector(),
                "cooldown", r.rule().cooldown().toString(), "parameters", new TreeMap<>(r.rule().parameters()))));
        root.put("rules", rules);
        root.put("counts", Map.of("tp", chosen.tp(), "fp", chosen.fp(), "fn", chosen.fn()));
        Map<String, Object> cv = new LinkedHashMap<>();
        cv.put("standard", crossValidation.standard());
        cv.put("folds", "files alternate between two folds in name order");
        cv.put("chosenOnFirstFold", crossValidation.chosenOnFirstHalf());
        cv.put("chosenOnSecondFold", crossValidation.chosenOnSecondHalf());
        root.put("crossValidated", cv);
        root.put("baselineEwma", Map.of("standard", baseline.score(), "parameters",
                new TreeMap<>(baseline.rule().parameters())));
        Map<String, Object> perFile = new LinkedHashMap<>();
        for (FileResult f : chosen.files()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("rawScore", f.raw());
            file.put("tp", f.tp());
            file.put("fp", f.fp());
            file.put("fn", f.fn());
            file.put("detections", f.detections());
            perFile.put(f.name(), file);
        }
        root.put("perFile", perFile);
        List<Map<String, Object>> board = new ArrayList<>();
        leaderboard(profile).forEach(e -> board.add(Map.of("detector", e.getKey(), "score", e.getValue())));
        root.put("leaderboard", board);
        return root;
    }
}
