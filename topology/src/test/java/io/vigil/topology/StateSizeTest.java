package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.RuleSet;
import io.vigil.detectors.StateFootprint.Distribution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * The bytes of state per entity that format version 2 writes, bounded where the bench measures them: per card
 * on the bench's default backlog (a fifth of it, distributed alike: see {@link StateSizeReplay#cards}), per
 * device and per device metric on the default fleet. Sizes are deterministic for a seed, so the bounds are
 * exact properties of the format, not of the machine.
 */
class StateSizeTest {

    @Test
    void shouldKeepCardStateUnderTheBoundsWhenTheBenchBacklogIsReplayed() {
        // Given the bench's default backlog, replayed through the default rules
        StateSizeReplay.Sizes sizes = StateSizeReplay.cards(RuleSet.defaults(), 5);
        StateSizeReplay.print(System.out, "bytes per card (1/5)", sizes.v1(), sizes.v2());

        // Then the version-2 states stay under the bounds, and under half of their version-1 size
        Distribution v2 = sizes.v2();
        assertEquals(List.of(true, true, true),
                List.of(v2.mean() <= 160, v2.percentile(99) <= 250, v2.total() <= sizes.v1().total() / 2),
                "mean " + v2.mean() + " (<= 160), p99 " + v2.percentile(99) + " (<= 250), total " + v2.total()
                        + " (<= half of " + sizes.v1().total() + ")");
    }

    @Test
    void shouldKeepDeviceStateUnderTheBoundsWhenTheDefaultFleetIsReplayed() {
        // Given the default fleet's readings for five minutes, replayed through the default rules
        StateSizeReplay.Sizes sizes = StateSizeReplay.devices(RuleSet.defaults(), Duration.ofMinutes(5));
        StateSizeReplay.print(System.out, "bytes per device", sizes.v1(), sizes.v2());
        StateSizeReplay.print(System.out, "bytes per device metric", sizes.v1PerMetric(), sizes.v2PerMetric());

        // Then a device metric costs at most 100 bytes, a device at most 400, less than half of version 1
        Distribution perMetric = sizes.v2PerMetric();
        Distribution perDevice = sizes.v2();
        assertEquals(List.of(true, true, true),
                List.of(perMetric.percentile(99) <= 100, perDevice.percentile(99) <= 400,
                        perDevice.total() <= sizes.v1().total() / 2),
                "per metric p99 " + perMetric.percentile(99) + " (<= 100), per device p99 " + perDevice.percentile(99)
                        + " (<= 400), total " + perDevice.total() + " (<= half of " + sizes.v1().total() + ")");
    }
}
