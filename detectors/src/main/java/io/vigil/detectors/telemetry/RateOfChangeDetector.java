package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.TelemetryDetectors.human;
import static io.vigil.detectors.telemetry.TelemetryDetectors.value;
import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Telemetry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when the metric changes by more than {@code maxPerSecond} per second of event time between a reading
 * and the metric's previous reading. Reads {@code metric}, {@code maxPerSecond}.
 *
 * <p>Two readings with the same event time define no rate and are skipped (a device re-sending a reading
 * under a new id looks like this). A reading that arrives out of order is compared with the newest reading,
 * which is its successor in event time unless other readings lie between; since a rate over a longer span
 * never exceeds the largest rate of its parts, that comparison can miss a spike but never invents one.
 */
public final class RateOfChangeDetector implements TelemetryDetector {

    private final RuleSpec rule;
    private final String metric;
    private final double maxPerSecond;

    public RateOfChangeDetector(RuleSpec rule) {
        this.rule = rule;
        this.metric = rule.stringParam("metric");
        this.maxPerSecond = rule.doubleParam("maxPerSecond");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public Optional<Verdict> evaluate(DeviceState device, MetricState state, Telemetry reading, boolean inOrder) {
        if (!state.hasReading()) {
            return Optional.empty();
        }
        long t = reading.getTimestamp().toEpochMilli();
        long dt = Math.abs(t - state.newestMillis());
        if (dt == 0) {
            return Optional.empty();
        }
        double seconds = dt / 1000.0;
        double rate = Math.abs(reading.getValue() - state.newestValue()) / seconds;
        if (rate <= maxPerSecond) {
            return Optional.empty();
        }
        boolean newIsLater = t > state.newestMillis();
        String earlierId = newIsLater ? state.newestEventId() : reading.getEventId();
        String laterId = newIsLater ? reading.getEventId() : state.newestEventId();
        double earlier = newIsLater ? state.newestValue() : reading.getValue();
        double later = newIsLater ? reading.getValue() : state.newestValue();
        double change = later - earlier;
        return Optional.of(Verdict.trigger(new Finding(reading.getEventId(), List.of(earlierId, laterId),
                Math.min(t, state.newestMillis()), Math.max(t, state.newestMillis()),
                Map.of("change", change, "seconds", seconds, "ratePerSecond", rate, "maxPerSecond", maxPerSecond),
                format(ROOT, "%s on device %s %s by %s in %s (%s/s, limit %s/s)", metric, reading.getDeviceId(),
                        change >= 0 ? "rose" : "fell", value(Math.abs(change)), human(dt), value(rate),
                        value(maxPerSecond)))));
    }
}
