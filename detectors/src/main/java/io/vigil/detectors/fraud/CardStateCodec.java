package io.vigil.detectors.fraud;

import io.vigil.detectors.Ewma;
import io.vigil.detectors.StateCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary layout of {@link CardState}, version 1.
 *
 * <p>Bound per card: 8 (watermark) + 24 (baseline) + 1 + ~70 (position) + per rule ~20 (cooldown) +
 * per history entry (eventId + merchantId + 2 longs, ~70 bytes for 36-character UUIDs and short merchant ids).
 * With the default rules the history holds the last 2.5 minutes of payments (the duplicate window plus the grace
 * period) and the last 10.5 minutes of small ones (card testing), capped at {@link CardDetection#capacity()}
 * entries, so a quiet card costs about 100 bytes and a card under attack at most a few kilobytes.
 */
public final class CardStateCodec {

    private static final int VERSION = 1;

    private CardStateCodec() {
    }

    public static byte[] encode(CardState state) {
        StateCodec.Writer out = new StateCodec.Writer(64 + state.history().size() * 72);
        out.writeByte(VERSION).writeLong(state.maxEventTimeMillis());
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

    public static CardState decode(byte[] bytes) {
        StateCodec.Reader in = new StateCodec.Reader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("Unknown card state format version " + version + " (this build reads " + VERSION + ")");
        }
        long maxEventTime = in.readLong();
        Ewma baseline = new Ewma(in.readLong(), in.readDouble(), in.readDouble());
        Position position = in.readByte() == 1
                ? new Position(in.readString(), in.readLong(), in.readDouble(), in.readDouble())
                : null;
        int triggerCount = in.readVarInt();
        Map<String, Long> triggers = new HashMap<>(Math.max(4, triggerCount * 2));
        for (int i = 0; i < triggerCount; i++) {
            triggers.put(in.readString(), in.readLong());
        }
        int historySize = in.readVarInt();
        List<RecentTransaction> history = new ArrayList<>(historySize + 1);
        for (int i = 0; i < historySize; i++) {
            history.add(new RecentTransaction(in.readString(), in.readLong(), in.readString(), in.readLong()));
        }
        return new CardState(maxEventTime, history, baseline, position, triggers);
    }
}
