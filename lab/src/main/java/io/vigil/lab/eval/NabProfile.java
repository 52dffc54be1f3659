package io.vigil.lab.eval;

/**
 * One of NAB's cost profiles: the weight of an early detection inside a window, of a detection outside every
 * window, and of a window with no detection.
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public static final String STANDARD = "standard";
    public static final String LOW_FP = "reward_low_FP_rate";
    public static final String LOW_FN = "reward_low_FN_rate";
}
