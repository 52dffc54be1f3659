package io.vigil.detectors.fraud;

import io.vigil.detectors.Ewma;
import io.vigil.detectors.StateCodec;

import java.util.Map;

/**
 * The card state encoder of format version 1, exactly as the build before version 2 shipped it: kept in test
 * scope only, to write what an older instance left in a store or changelog (production only reads version 1), and
 * shared through this module's test jar with the JMH benchmarks, which measure what version 2 saves.
 * In this package because the cooldowns it writes are package-private.
 */
public final class CardStateCodecV1 {

    private CardStateCodecV1() {
    }

    public static byte[] encode(CardState state) {
        StateCodec.Writer out = new StateCodec.Writer(64 + state.history().size() * 72);
        out.writeByte(1).writeLong(state.maxEventTimeMillis());
        Ewma b = state.baseline();
        out.writeLong(b.count()).writeDouble(b.mean()).writeDouble(b.variance());
        Position p = state.lastPosition();
        out.writeByte(p == null ? 0 : 1);
        if (p != null) {
            out.writeString(p.eventId()).writeLong(p.timestampMillis()).writeDouble(p.latitude()).writeDouble(p.longitude());
        }
        Map<String, Long> triggers = state.lastTriggerMillis();
        out.writeVarInt(triggers.size());
        triggers.forEach((rule, at) -> out.writeString(rule).writeLong(at));
        out.writeVarInt(state.history().size());
        for (RecentTransaction tx : state.history()) {
            out.writeString(tx.eventId()).writeLong(tx.timestampMillis()).writeString(tx.merchantId()).writeLong(tx.amountMinor());
        }
        return out.toByteArray();
    }
}
