package io.vigil.detectors.fraud;

import io.vigil.detectors.Ewma;
import io.vigil.detectors.StateCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary layout of {@link CardState}: writes version 2, reads versions 1 and 2 (a store or changelog written
 * before version 2 restores and is rewritten as version 2 on the card's next event).
 *
 * <p>Version 2, byte by byte in {@code docs/state-format.md}: event ids as 16 bytes when they are canonical UUIDs,
 * times as zig-zag varints behind the card's watermark, amounts as varints, merchants once each in a front-coded
 * table that history entries index, the last position as a reference to its history entry with 1e-7-degree
 * fixed-point coordinates when that is exact, rule ids as codes. Nothing is rounded: every state decodes to
 * exactly the state that was encoded, so the detectors decide exactly as on the in-memory state.
 *
 * <p>Bound per card: about 45 bytes (watermark, baseline, position, counts) plus about 22 per history entry with
 * UUID event ids (1 merchant index, 16 id, 3 time, 2 amount) plus each distinct merchant once (front-coded), plus
 * 3 per rule in cooldown; the history is capped at {@link CardDetection#capacity()} entries. On the bench's
 * default backlog that is a mean of 153 bytes and a p99 of 236, against 334 and 539 in version 1.
 */
public final class CardStateCodec {

    private static final int V1 = 1;
    private static final int V2 = 2;

    private static final int HAS_WATERMARK = 1;
    private static final int HAS_BASELINE = 2;
    private static final int HAS_POSITION = 4;
    private static final int POSITION_IN_HISTORY = 8;
    private static final int POSITION_FIXED_POINT = 16;

    /** 1e-7 degrees: about 1 cm, and the finest resolution an int holds for a longitude. */
    private static final double FIXED_POINT = 1e7;

    private CardStateCodec() {
    }

    public static byte[] encode(CardState state) {
        List<RecentTransaction> history = state.history();
        StateCodec.Writer out = new StateCodec.Writer(48 + history.size() * 32);
        long watermark = state.maxEventTimeMillis();
        long base = watermark == Long.MIN_VALUE ? 0 : watermark;
        Ewma baseline = state.baseline();
        boolean hasBaseline = !baseline.equals(Ewma.EMPTY);
        Position position = state.lastPosition();
        int positionIndex = position == null ? -1 : indexOf(history, position);
        boolean fixedPoint = position != null && fixedPoint(position.latitude()) && fixedPoint(position.longitude());
        out.writeByte(V2).writeByte((watermark != Long.MIN_VALUE ? HAS_WATERMARK : 0) | (hasBaseline ? HAS_BASELINE : 0)
                | (position != null ? HAS_POSITION : 0) | (positionIndex >= 0 ? POSITION_IN_HISTORY : 0)
                | (fixedPoint ? POSITION_FIXED_POINT : 0));
        if (watermark != Long.MIN_VALUE) {
            out.writeZigZag(watermark);
        }
        if (hasBaseline) {
            out.writeVarLong(baseline.count()).writeDouble(baseline.mean()).writeDouble(baseline.variance());
        }
        String[] merchants = merchantTable(history);
        writeMerchants(out, merchants);
        out.writeVarInt(history.size());
        byte[] packed = new byte[16];
        for (RecentTransaction tx : history) {
            boolean uuid = StateCodec.packCanonicalUuid(tx.eventId(), packed);
            out.writeVarInt(Arrays.binarySearch(merchants, tx.merchantId()) << 1 | (uuid ? 0 : 1));
            if (uuid) {
                out.writeBytes(packed);
            } else {
                out.writeString(tx.eventId());
            }
            out.writeZigZag(base - tx.timestampMillis()).writeZigZag(tx.amountMinor());
        }
        if (position != null) {
            if (positionIndex >= 0) {
                out.writeVarInt(positionIndex);
            } else {
                out.writeId(position.eventId()).writeZigZag(base - position.timestampMillis());
            }
            if (fixedPoint) {
                out.writeInt((int) Math.round(position.latitude() * FIXED_POINT))
                        .writeInt((int) Math.round(position.longitude() * FIXED_POINT));
            } else {
                out.writeDouble(position.latitude()).writeDouble(position.longitude());
            }
        }
        Map<String, Long> triggers = state.lastTriggerMillis();
        out.writeVarInt(triggers.size());
        triggers.forEach((rule, at) -> out.writeRule(rule, false).writeZigZag(base - at));
        return out.toByteArray();
    }

    /** Bytes {@link #encode} writes for {@code state}: what the store and its changelog hold per card besides the key. */
    public static int encodedSize(CardState state) {
        return encode(state).length;
    }

    public static CardState decode(byte[] bytes) {
        StateCodec.Reader in = new StateCodec.Reader(bytes);
        int version = in.readByte();
        return switch (version) {
            case V2 -> decodeV2(in);
            case V1 -> decodeV1(in);
            default -> throw new IllegalArgumentException("Unknown card state format version " + version
                    + " (this build reads " + V1 + " and " + V2 + ")");
        };
    }

    private static CardState decodeV2(StateCodec.Reader in) {
        int flags = in.readByte();
        long watermark = (flags & HAS_WATERMARK) != 0 ? in.readZigZag() : Long.MIN_VALUE;
        long base = watermark == Long.MIN_VALUE ? 0 : watermark;
        Ewma baseline = (flags & HAS_BASELINE) != 0
                ? new Ewma(in.readVarLong(), in.readDouble(), in.readDouble())
                : Ewma.EMPTY;
        String[] merchants = readMerchants(in);
        int historySize = in.readCount();
        List<RecentTransaction> history = new ArrayList<>(historySize + 1);
        for (int i = 0; i < historySize; i++) {
            int header = in.readVarInt();
            int merchant = header >>> 1;
            if (merchant >= merchants.length) {
                throw new IllegalArgumentException("Corrupt state: merchant " + merchant + " of " + merchants.length);
            }
            String eventId = (header & 1) == 0 ? in.readUuid() : in.readString();
            history.add(new RecentTransaction(eventId, base - in.readZigZag(), merchants[merchant], in.readZigZag()));
        }
        Position position = null;
        if ((flags & HAS_POSITION) != 0) {
            String eventId;
            long at;
            if ((flags & POSITION_IN_HISTORY) != 0) {
                int index = in.readVarInt();
                if (index < 0 || index >= history.size()) {
                    throw new IllegalArgumentException("Corrupt state: position at entry " + index + " of " + history.size());
                }
                eventId = history.get(index).eventId();
                at = history.get(index).timestampMillis();
            } else {
                eventId = in.readId();
                at = base - in.readZigZag();
            }
            position = (flags & POSITION_FIXED_POINT) != 0
                    ? new Position(eventId, at, in.readInt() / FIXED_POINT, in.readInt() / FIXED_POINT)
                    : new Position(eventId, at, in.readDouble(), in.readDouble());
        }
        int triggerCount = in.readCount();
        Map<String, Long> triggers = new HashMap<>(Math.max(4, triggerCount * 2));
        for (int i = 0; i < triggerCount; i++) {
            triggers.put(in.readRule(in.readVarInt()), base - in.readZigZag());
        }
        in.expectEnd();
        return new CardState(watermark, history, baseline, position, triggers);
    }

    /** Version 1, as written until version 2: fixed 8-byte numbers and every string in full. */
    private static CardState decodeV1(StateCodec.Reader in) {
        long maxEventTime = in.readLong();
        Ewma baseline = new Ewma(in.readLong(), in.readDouble(), in.readDouble());
        Position position = in.readByte() == 1
                ? new Position(in.readString(), in.readLong(), in.readDouble(), in.readDouble())
                : null;
        int triggerCount = in.readCount();
        Map<String, Long> triggers = new HashMap<>(Math.max(4, triggerCount * 2));
        for (int i = 0; i < triggerCount; i++) {
            triggers.put(in.readString(), in.readLong());
        }
        int historySize = in.readCount();
        List<RecentTransaction> history = new ArrayList<>(historySize + 1);
        for (int i = 0; i < historySize; i++) {
            history.add(new RecentTransaction(in.readString(), in.readLong(), in.readString(), in.readLong()));
        }
        return new CardState(maxEventTime, history, baseline, position, triggers);
    }

    /** The history entry the position was taken from (same event, same time), or -1. */
    private static int indexOf(List<RecentTransaction> history, Position position) {
        for (int i = history.size() - 1; i >= 0; i--) {
            RecentTransaction tx = history.get(i);
            if (tx.timestampMillis() == position.timestampMillis() && tx.eventId().equals(position.eventId())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether {@code degrees} is exactly an int number of 1e-7 degrees: true for any coordinate given with at most
     * seven decimals (the division of two exact doubles is correctly rounded, so it gives back the double nearest
     * that decimal, which is what parsing it gave), false for arbitrary doubles, which keep their 8 bytes.
     */
    private static boolean fixedPoint(double degrees) {
        double scaled = Math.round(degrees * FIXED_POINT);
        return Math.abs(scaled) <= Integer.MAX_VALUE
                && Double.doubleToRawLongBits(scaled / FIXED_POINT) == Double.doubleToRawLongBits(degrees);
    }

    /** The distinct merchants of the history, sorted so that neighbours share prefixes. */
    private static String[] merchantTable(List<RecentTransaction> history) {
        String[] merchants = new String[history.size()];
        for (int i = 0; i < merchants.length; i++) {
            merchants[i] = history.get(i).merchantId();
        }
        Arrays.sort(merchants);
        int distinct = 0;
        for (int i = 0; i < merchants.length; i++) {
            if (distinct == 0 || !merchants[i].equals(merchants[distinct - 1])) {
                merchants[distinct++] = merchants[i];
            }
        }
        return Arrays.copyOf(merchants, distinct);
    }

    /** Front coding: each merchant as the length of the UTF-8 prefix it shares with the previous one, then the rest. */
    private static void writeMerchants(StateCodec.Writer out, String[] merchants) {
        out.writeVarInt(merchants.length);
        byte[] previous = new byte[0];
        for (String merchant : merchants) {
            byte[] bytes = merchant.getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            int max = Math.min(previous.length, bytes.length);
            while (shared < max && previous[shared] == bytes[shared]) {
                shared++;
            }
            out.writeVarInt(shared).writeVarInt(bytes.length - shared).writeBytes(bytes, shared, bytes.length - shared);
            previous = bytes;
        }
    }

    private static String[] readMerchants(StateCodec.Reader in) {
        String[] merchants = new String[in.readCount()];
        byte[] previous = new byte[0];
        for (int i = 0; i < merchants.length; i++) {
            int shared = in.readVarInt();
            if (shared < 0 || shared > previous.length) {
                throw new IllegalArgumentException("Corrupt state: merchant shares " + shared + " bytes of "
                        + previous.length);
            }
            byte[] rest = in.readBytes(in.readVarInt());
            byte[] bytes = Arrays.copyOf(previous, shared + rest.length);
            System.arraycopy(rest, 0, bytes, shared, rest.length);
            merchants[i] = new String(bytes, StandardCharsets.UTF_8);
            previous = bytes;
        }
        return merchants;
    }
}
