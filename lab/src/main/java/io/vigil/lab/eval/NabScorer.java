package io.vigil.lab.eval;

import java.util.List;

/**
 * NAB's scoring of one detector's detections on one file, written from the NAB paper (Lavin and Ahmad,
 * "Evaluating Real-time Anomaly Detection Algorithms: the Numenta Anomaly Benchmark", 2015) and its
 * documentation, and checked row by row against the per-row scores NAB publishes with its results.
 *
 * <ul>
 *   <li>The first 15% of the rows, at most 750, are a probationary period: detections there are not scored.
 *   <li>Inside a window only the earliest detection counts, worth {@code tpWeight * σ(y) / σ(-1)}, where
 *       {@code y = -(rows from the detection to the window's last row, both counted) / window length} (so
 *       {@code -1} at the window's first row, near 0 at its end) and {@code σ(y) = 2 / (1 + e^(5y)) - 1}: the
 *       first row of a window earns exactly {@code tpWeight}, later rows less. Later detections in the same
 *       window count nothing.
 *   <li>A detection outside every window costs {@code fpWeight * σ(y)} (σ is negative there), with
 *       {@code y = (rows past the last row of the preceding window) / (that window's last row - its first row)},
 *       and {@code σ = -1} beyond {@code y = 3}, so a detection just after a window costs almost nothing; with
 *       no preceding window it costs the full {@code fpWeight}.
 *   <li>A window without any detection costs {@code fnWeight}.
 * </ul>
 * Summed over the corpus, the raw score is normalised so that the detector that never alerts scores 0 and
 * the one that alerts on the first row of every window and nowhere else scores 100.
 */
public final class NabScorer {

    static final double PROBATIONARY_FRACTION = 0.15;
    static final int PROBATIONARY_CAP = 750;

    private NabScorer() {
    }

    /**
     * One file's score under one profile.
     *
     * @param raw       the file's raw score: its detections' contributions minus {@code fnWeight} per missed window
     * @param rowScores each row's contribution (missed windows are not rows, so they are only in {@code raw})
     * @param tp        windows detected
     * @param fp        scored detections outside every window
     * @param fn        windows missed
     */
    public record FileScore(double raw, double[] rowScores, int tp, int fp, int fn) {
    }

    /** Rows at the start of a file of {@code rows} rows whose detections are not scored. */
    public static int probationaryRows(int rows) {
        return (int) Math.min(Math.floor(PROBATIONARY_FRACTION * rows), PROBATIONARY_CAP);
    }

    /** σ(y) = 2 / (1 + e^(5y)) - 1, and -1 beyond y = 3. */
    static double scaledSigmoid(double y) {
        return y > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
    }

    /** Scores detections ({@code detected[row]}) on a file of {@code detected.length} rows with these windows. */
    public static FileScore score(boolean[] detected, List<NabSeries.Window> windows, NabProfile profile) {
        int rows = detected.length;
        double[] rowScores = new double[rows];
        double earliest = scaledSigmoid(-1.0);
        boolean[] hit = new boolean[windows.size()];
        int tp = 0;
        int fp = 0;
        double raw = 0;
        int w = 0; // index of the first window that does not end before the current row
        for (int row = probationaryRows(rows); row < rows; row++) {
            while (w < windows.size() && windows.get(w).last() < row) {
                w++;
            }
            if (!detected[row]) {
                continue;
            }
            double s;
            if (w < windows.size() && windows.get(w).contains(row)) {
                if (hit[w]) {
                    continue;
                }
                hit[w] = true;
                tp++;
                NabSeries.Window window = windows.get(w);
                double y = -(double) (window.last() - row + 1) / window.length();
                s = profile.tpWeight() * scaledSigmoid(y) / earliest;
            } else {
                fp++;
                if (w == 0) {
                    s = -profile.fpWeight();
                } else {
                    NabSeries.Window previous = windows.get(w - 1);
                    double y = (double) (row - previous.last()) / Math.max(1, previous.last() - previous.first());
                    s = profile.fpWeight() * scaledSigmoid(y);
                }
            }
            rowScores[row] = s;
            raw += s;
        }
        int fn = windows.size() - tp;
        return new FileScore(raw - fn * profile.fnWeight(), rowScores, tp, fp, fn);
    }

    /** The raw score of the detector that never alerts, on a corpus with {@code windows} windows. */
    public static double nullScore(int windows, NabProfile profile) {
        return -profile.fnWeight() * windows;
    }

    /** The raw score of the detector that alerts on the first row of every window and nowhere else. */
    public static double perfectScore(int windows, NabProfile profile) {
        return profile.tpWeight() * windows;
    }

    /** 100 x (raw - null) / (perfect - null). */
    public static double normalise(double raw, int windows, NabProfile profile) {
        double nul = nullScore(windows, profile);
        return 100.0 * (raw - nul) / (perfectScore(windows, profile) - nul);
    }
}
