package io.vigil.detectors.telemetry;

import io.vigil.detectors.Ewma;
import io.vigil.detectors.StateCodec;

import java.util.Map;

/**
 * The device state encoder of format version 1, exactly as the build before version 2 shipped it: kept in test
 * scope only, to write what an older instance left in a store or changelog (production only reads version 1).
 * In this package because the cooldowns it writes are package-private.
 */
public final class DeviceStateCodecV1 {

    private DeviceStateCodecV1() {
    }

    public static byte[] encode(DeviceState state) {
        StateCodec.Writer out = new StateCodec.Writer(64 + state.recentEvents().size() * 16 + state.metrics().size() * 160);
        out.writeByte(1).writeLong(state.maxEventTimeMillis()).writeLong(state.lastSeenMillis());
        out.writeByte((state.lastEventId() != null ? 1 : 0) | (state.silenceIndexed() ? 2 : 0));
        if (state.lastEventId() != null) {
            out.writeString(state.lastEventId());
        }
        out.writeVarInt(state.recentEvents().size());
        for (RecentEvent event : state.recentEvents()) {
            out.writeLong(event.idHash()).writeLong(event.timestampMillis());
        }
        Map<String, Long> triggers = state.lastTriggerMillis();
        out.writeVarInt(triggers.size());
        triggers.forEach((rule, at) -> out.writeString(rule).writeLong(at));
        out.writeVarInt(state.episodes().size());
        state.episodes().forEach((rule, episode) -> {
            out.writeString(rule).writeByte(episode.muted() ? 0 : 1);
            if (!episode.muted()) {
                out.writeString(episode.alertId());
            }
            out.writeLong(episode.openedMillis());
        });
        out.writeVarInt(state.metrics().size());
        state.metrics().forEach((name, metric) -> {
            out.writeString(name);
            Ewma baseline = metric.baseline();
            out.writeByte((metric.hasReading() ? 1 : 0) | (baseline.count() > 0 ? 2 : 0) | (metric.hasRun() ? 4 : 0));
            if (metric.hasReading()) {
                out.writeString(metric.newestEventId()).writeLong(metric.newestMillis()).writeDouble(metric.newestValue());
            }
            if (baseline.count() > 0) {
                out.writeLong(baseline.count()).writeDouble(baseline.mean()).writeDouble(baseline.variance());
            }
            if (metric.hasRun()) {
                out.writeString(metric.runEventId()).writeLong(metric.runStartMillis()).writeDouble(metric.runValue());
            }
        });
        return out.toByteArray();
    }
}
