package io.vigil.loadgen;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much look-alike legitimate behaviour realistic traffic carries, and how many injections are subtle.
 *
 * <p>Rates are episodes per minute of scenario time, like the injections, so that a run of a given length holds
 * the same number of each and scores stay comparable between runs. Defaults ({@link #realistic()}):
 * transit-burst 4, split-bill 4, big-ticket 4, fast-travel 2, wrong-terminal-position 3, merchant-retry 4,
 * small-payments 4 per minute (about two thirds of the default 6 injections per minute of each pattern), and half
 * of the injections subtle.
 *
 * @param perMinute   episodes per minute per confounder (absent or 0 = none)
 * @param subtleShare share of fraud injections played as their subtle variant, just past the rule's threshold
 *                    rather than far past it (0 to 1)
 */
public record ConfounderRates(Map<Confounder, Double> perMinute, double subtleShare) {

    public static final double DEFAULT_SUBTLE_SHARE = 0.5;
    private static final Map<Confounder, Double> DEFAULT_PER_MINUTE = Map.of(
            Confounder.TRANSIT_BURST, 4.0, Confounder.SPLIT_BILL, 4.0, Confounder.BIG_TICKET, 4.0,
            Confounder.FAST_TRAVEL, 2.0, Confounder.WRONG_TERMINAL_POSITION, 3.0, Confounder.MERCHANT_RETRY, 4.0,
            Confounder.SMALL_PAYMENTS, 4.0);

    public ConfounderRates {
        perMinute.forEach((kind, rate) -> require(rate != null && rate >= 0 && Double.isFinite(rate),
                "rate of " + kind.id() + " must be >= 0 per minute, got " + rate));
        require(subtleShare >= 0 && subtleShare <= 1, "subtle share must be between 0 and 1, got " + subtleShare);
        perMinute = Map.copyOf(perMinute);
    }

    /** Clean traffic: no confounders, every injection far past its threshold. */
    public static ConfounderRates none() {
        return new ConfounderRates(Map.of(), 0);
    }

    /** The documented default rates. */
    public static ConfounderRates realistic() {
        return new ConfounderRates(DEFAULT_PER_MINUTE, DEFAULT_SUBTLE_SHARE);
    }

    /**
     * Reads the value of {@code --traffic}: {@code clean}, {@code realistic}, or {@code realistic:} followed by
     * comma-separated overrides {@code KIND=PER_MINUTE} and {@code subtle=SHARE}, e.g.
     * {@code realistic:big-ticket=10,subtle=0}.
     */
    public static ConfounderRates parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("clean")) {
            return none();
        }
        if (!trimmed.equals("realistic") && !trimmed.startsWith("realistic:")) {
            throw new IllegalArgumentException("traffic must be clean, realistic or realistic:KIND=N,...; got '" + text + "'");
        }
        Map<Confounder, Double> rates = new EnumMap<>(DEFAULT_PER_MINUTE);
        double subtle = DEFAULT_SUBTLE_SHARE;
        String overrides = trimmed.length() > "realistic".length() ? trimmed.substring("realistic:".length()) : "";
        for (String item : overrides.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] kv = item.split("=", 2);
            require(kv.length == 2, "traffic override '" + item + "' is not KIND=N");
            double value = number(kv[0].strip(), kv[1].strip());
            if (kv[0].strip().equals("subtle")) {
                subtle = value;
            } else {
                rates.put(Confounder.of(kv[0].strip()), value);
            }
        }
        return new ConfounderRates(rates, subtle);
    }

    public boolean isClean() {
        return subtleShare == 0 && perMinute.values().stream().allMatch(r -> r == 0);
    }

    public double rate(Confounder kind) {
        return perMinute.getOrDefault(kind, 0.0);
    }

    /** The settings as text, for summaries: {@code clean}, or each rate and the subtle share. */
    public String describe() {
        if (isClean()) {
            return "clean";
        }
        StringBuilder text = new StringBuilder("realistic:");
        for (Confounder kind : Confounder.values()) {
            text.append(kind.id()).append('=').append(number(rate(kind))).append(',');
        }
        return text.append("subtle=").append(number(subtleShare)).toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("traffic override " + key + "=" + value + " is not a number", e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
