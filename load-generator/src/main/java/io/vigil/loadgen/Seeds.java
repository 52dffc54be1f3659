package io.vigil.loadgen;

/**
 * Derives independent seeds from the scenario seed.
 *
 * <p>Each card draws its profile from its own seed (scenario seed mixed with the card index), so a card's
 * home and habits do not depend on how many cards the population has or in which order they were first
 * used: growing {@code --cards} adds cards without changing the existing ones.
 */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A well-mixed 64-bit seed for {@code salt} under {@code seed} (the MurmurHash3 / SplitMix finaliser). */
    static long mix(long seed, long salt) {
        long z = seed + (salt + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
