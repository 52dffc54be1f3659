package io.vigil.lab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class NabScorerTest {

    private static final String NUMENTA = "numenta";

    static Path subset() {
        try {
            return Path.of(NabScorerTest.class.getResource("/nab/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The published numenta detections of {@code series} at {@code threshold}, with the published per-row scores. */
    private record Published(boolean[] detected, double[] rowScores) {
    }

    private static Published published(Path nab, NabSeries series, String profile, double threshold) throws IOException {
        String[] parts = series.name().split("/");
        Path file = nab.resolve("results/numenta/" + parts[0] + "/numenta_" + parts[1]);
        List<String> header = List.of(Files.readAllLines(file).get(0).split(","));
        int score = header.indexOf("anomaly_score");
        int rowScore = header.indexOf("S(t)_" + profile);
        List<String[]> rows = NabCorpus.rows(file);
        boolean[] detected = new boolean[rows.size()];
        double[] s = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            detected[i] = Double.parseDouble(rows.get(i)[score]) >= threshold;
            s[i] = Double.parseDouble(rows.get(i)[rowScore]);
        }
        assertEquals(series.size(), rows.size(), series.name());
        return new Published(detected, s);
    }

    @Test
    void shouldGiveBackNabsPerFileScoresWhenScoringThePublishedNumentaRows() throws IOException {
        // Given the committed subset and the thresholds NAB chose for the numenta detector
        NabCorpus corpus = NabCorpus.load(subset());
        Map<String, Double> thresholds = corpus.publishedThresholds().get(NUMENTA);
        int files = 0;
        for (NabSeries series : corpus.series()) {
            for (NabProfile profile : corpus.profiles()) {
                Published pub = published(corpus.dir(), series, profile.name(), thresholds.get(profile.name()));
                // When
                NabScorer.FileScore score = NabScorer.score(pub.detected(), series.windows(), profile);
                // Then NAB's per-row column sums to the file's score, and each false positive costs what NAB
                // charged on its row (NAB writes a window's true positive or miss on another row than ours)
                double published = 0;
                for (int i = 0; i < pub.rowScores().length; i++) {
                    published += pub.rowScores()[i];
                    if (score.rowScores()[i] < 0) {
                        assertEquals(pub.rowScores()[i], score.rowScores()[i], 1e-9, series.name() + " row " + i);
                    }
                }
                assertEquals(published, score.raw(), 1e-9, series.name() + " " + profile.name());
            }
            files++;
        }
        assertEquals(6, files);
    }

    @Test
    @EnabledIfSystemProperty(named = "vigil.nab.dir", matches = ".+")
    void shouldReproduceThePublishedNumentaScoresWhenGivenTheFullCorpus() throws IOException {
        // Given a NAB checkout
        NabCorpus corpus = NabCorpus.load(Path.of(System.getProperty("vigil.nab.dir")));
        assertEquals(58, corpus.series().size());
        Map<String, Double> thresholds = corpus.publishedThresholds().get(NUMENTA);
        for (NabProfile profile : corpus.profiles()) {
            // When every file is scored at the published threshold
            double raw = 0;
            for (NabSeries series : corpus.series()) {
                raw += NabScorer.score(published(corpus.dir(), series, profile.name(), thresholds.get(profile.name()))
                        .detected(), series.windows(), profile).raw();
            }
            // Then the normalised score is the published one
            double expected = corpus.publishedScores().get(NUMENTA).get(profile.name());
            assertEquals(expected, NabScorer.normalise(raw, corpus.windowCount(), profile), 0.1, profile.name());
        }
    }

    @Test
    void shouldScoreZeroForNullAndHundredForPerfectWhenNormalising() {
        // Given two files' worth of windows
        NabProfile standard = new NabProfile(NabProfile.STANDARD, 1.0, 0.11, 1.0);
        List<NabSeries.Window> windows = List.of(new NabSeries.Window(200, 219), new NabSeries.Window(300, 319));
        boolean[] none = new boolean[400];
        boolean[] perfect = new boolean[400];
        perfect[200] = true;
        perfect[300] = true;
        // When
        double nul = NabScorer.score(none, windows, standard).raw();
        double best = NabScorer.score(perfect, windows, standard).raw();
        // Then
        assertEquals(0.0, NabScorer.normalise(nul, 2, standard), 1e-9);
        assertEquals(100.0, NabScorer.normalise(best, 2, standard), 1e-9);
    }

    @Test
    void shouldIgnoreDetectionsWhenInTheProbationaryPeriod() {
        // Given 1000 rows, so 150 probationary, and no windows
        NabProfile standard = new NabProfile(NabProfile.STANDARD, 1.0, 0.11, 1.0);
        boolean[] detected = new boolean[1000];
        detected[149] = true;
        detected[150] = true;
        // When
        NabScorer.FileScore score = NabScorer.score(detected, List.of(), standard);
        // Then only the row after the period costs a false positive
        assertEquals(1, score.fp());
        assertEquals(-0.11, score.raw(), 1e-12);
        assertEquals(750, NabScorer.probationaryRows(100_000));
    }

    @Test
    void shouldPenaliseLessWhenAFalsePositiveFollowsAWindowClosely() {
        // Given one window and a detection right after it, and one far after it
        NabProfile standard = new NabProfile(NabProfile.STANDARD, 1.0, 0.11, 1.0);
        List<NabSeries.Window> windows = List.of(new NabSeries.Window(300, 320));
        boolean[] near = new boolean[1000];
        near[321] = true;
        boolean[] far = new boolean[1000];
        far[900] = true;
        // When
        double nearScore = NabScorer.score(near, windows, standard).raw() + 1.0;
        double farScore = NabScorer.score(far, windows, standard).raw() + 1.0;
        // Then
        assertTrue(nearScore > -0.02 && nearScore < 0, "near " + nearScore);
        assertEquals(-0.11, farScore, 1e-12);
    }
}
