package io.vigil.detectors.telemetry;

import io.vigil.detectors.Ewma;
import io.vigil.detectors.StateCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary layout of {@link DeviceState}: writes version 2, reads versions 1 and 2 (a store or changelog written
 * before version 2 restores and is rewritten as version 2 on the device's next reading).
 *
 * <p>Version 2, byte by byte in {@code docs/state-format.md}: event and alert ids as 16 bytes when they are
 * canonical UUIDs, times as zig-zag varints behind the device's watermark (the remembered ids' times behind the
 * previous one), rule ids and the default metric names as codes, and the ids that repeat one another (the last
 * event and the newest reading, a run that starts at the newest reading) written once. Readings and baselines
 * keep their 8-byte doubles: the rules compare them exactly. Nothing is rounded, so every state decodes to the
 * state that was encoded.
 *
 * <p>Most of a device's bytes are the 64-bit hashes of the event ids accepted within the grace period (about
 * 10 bytes each, one per reading of the last grace period, at most {@link DeviceState#MAX_RECENT_EVENTS});
 * per watched metric about 30 bytes plus 17 for a baseline; about 4 per rule in cooldown and 20 per open
 * episode. New optional fields of a metric take a free bit of its flags byte and go at the end of its record.
 */
public final class DeviceStateCodec {

    private static final int V1 = 1;
    private static final int V2 = 2;

    private static final int HAS_LAST_EVENT = 1;
    private static final int SILENCE_INDEXED = 2;
    private static final int HAS_WATERMARK = 4;
    private static final int EVER_SEEN = 8;

    private static final int HAS_READING = 1;
    private static final int HAS_BASELINE = 2;
    private static final int HAS_RUN = 4;
    /** The run started at the newest reading itself (same id, time and value): nothing more is written for it. */
    private static final int RUN_IS_NEWEST = 8;
    /** A novelty model follows the metric's other fields (anomaly rules with {@code model: novelty} only). */
    private static final int HAS_NOVELTY = 16;

    /**
     * The metric names of the default rules, written as a code instead of a string. Part of the stored format:
     * the table only grows, and a code is never reused. Code 0 means the name is written out.
     */
    private static final List<String> METRIC_CODES = List.of("", "temperature", "pressure", "vibration", "humidity");

    private DeviceStateCodec() {
    }

    public static byte[] encode(DeviceState state) {
        StateCodec.Writer out = new StateCodec.Writer(32 + state.recentEvents().size() * 10 + state.metrics().size() * 48);
        long watermark = state.maxEventTimeMillis();
        long base = watermark == DeviceState.NEVER ? 0 : watermark;
        String lastEventId = state.lastEventId();
        out.writeByte(V2).writeByte((lastEventId != null ? HAS_LAST_EVENT : 0)
                | (state.silenceIndexed() ? SILENCE_INDEXED : 0)
                | (watermark != DeviceState.NEVER ? HAS_WATERMARK : 0)
                | (state.everSeen() ? EVER_SEEN : 0));
        if (watermark != DeviceState.NEVER) {
            out.writeZigZag(watermark);
        }
        if (state.everSeen()) {
            out.writeZigZag(base - state.lastSeenMillis());
        }
        out.writeVarInt(state.metrics().size());
        int lastEventRef = 0;
        int index = 0;
        for (Map.Entry<String, MetricState> entry : state.metrics().entrySet()) {
            index++;
            MetricState metric = entry.getValue();
            writeMetric(out, entry.getKey(), metric, base);
            if (lastEventRef == 0 && lastEventId != null && metric.hasReading() && lastEventId.equals(metric.newestEventId())) {
                lastEventRef = index;
            }
        }
        if (lastEventId != null) {
            out.writeVarInt(lastEventRef);
            if (lastEventRef == 0) {
                out.writeId(lastEventId);
            }
        }
        out.writeVarInt(state.recentEvents().size());
        long previous = base;
        for (RecentEvent event : state.recentEvents()) {
            out.writeLong(event.idHash()).writeZigZag(previous - event.timestampMillis());
            previous = event.timestampMillis();
        }
        Map<String, Long> triggers = state.lastTriggerMillis();
        out.writeVarInt(triggers.size());
        triggers.forEach((rule, at) -> out.writeRule(rule, false).writeZigZag(base - at));
        out.writeVarInt(state.episodes().size());
        state.episodes().forEach((rule, episode) -> {
            out.writeRule(rule, !episode.muted());
            if (!episode.muted()) {
                out.writeId(episode.alertId());
            }
            out.writeZigZag(base - episode.openedMillis());
        });
        return out.toByteArray();
    }

    /** Bytes {@link #encode} writes for {@code state}: what the store and its changelog hold per device besides the key. */
    public static int encodedSize(DeviceState state) {
        return encode(state).length;
    }

    private static void writeMetric(StateCodec.Writer out, String name, MetricState metric, long base) {
        int code = METRIC_CODES.indexOf(name);
        out.writeVarInt(Math.max(code, 0));
        if (code <= 0) {
            out.writeString(name);
        }
        Ewma baseline = metric.baseline();
        boolean runIsNewest = metric.hasRun() && metric.hasReading() && metric.runEventId().equals(metric.newestEventId())
                && metric.runStartMillis() == metric.newestMillis()
                && Double.doubleToRawLongBits(metric.runValue()) == Double.doubleToRawLongBits(metric.newestValue());
        out.writeByte((metric.hasReading() ? HAS_READING : 0) | (!baseline.equals(Ewma.EMPTY) ? HAS_BASELINE : 0)
                | (metric.hasRun() ? HAS_RUN : 0) | (runIsNewest ? RUN_IS_NEWEST : 0)
                | (metric.novelty() != null ? HAS_NOVELTY : 0));
        if (metric.hasReading()) {
            out.writeId(metric.newestEventId()).writeZigZag(base - metric.newestMillis()).writeDouble(metric.newestValue());
        }
        if (!baseline.equals(Ewma.EMPTY)) {
            out.writeVarLong(baseline.count()).writeDouble(baseline.mean()).writeDouble(baseline.variance());
        }
        if (metric.hasRun() && !runIsNewest) {
            out.writeId(metric.runEventId()).writeZigZag(base - metric.runStartMillis()).writeDouble(metric.runValue());
        }
        if (metric.novelty() != null) {
            writeNovelty(out, metric.novelty());
        }
    }

    // The band shares are floats: 4 bytes each keep the model's decisions identical after a restore.
    private static void writeNovelty(StateCodec.Writer out, NoveltyState n) {
        out.writeByte(n.bins()).writeVarLong(n.count()).writeDouble(n.lo()).writeDouble(n.hi())
                .writeDouble(n.previous()).writeDouble(n.maxStep()).writeDouble(n.total()).writeVarInt(n.sinceAlert());
        for (float c : n.counts()) {
            out.writeInt(Float.floatToRawIntBits(c));
        }
    }

    private static NoveltyState readNovelty(StateCodec.Reader in) {
        int bins = in.readByte();
        long count = in.readVarLong();
        double lo = in.readDouble();
        double hi = in.readDouble();
        double previous = in.readDouble();
        double maxStep = in.readDouble();
        double total = in.readDouble();
        int sinceAlert = in.readVarInt();
        float[] counts = new float[bins];
        for (int i = 0; i < bins; i++) {
            counts[i] = Float.intBitsToFloat(in.readInt());
        }
        return new NoveltyState(count, lo, hi, previous, maxStep, total, sinceAlert, counts);
    }

    public static DeviceState decode(byte[] bytes) {
        StateCodec.Reader in = new StateCodec.Reader(bytes);
        int version = in.readByte();
        return switch (version) {
            case V2 -> decodeV2(in);
            case V1 -> decodeV1(in);
            default -> throw new IllegalArgumentException("Unknown device state format version " + version
                    + " (this build reads " + V1 + " and " + V2 + ")");
        };
    }

    private static DeviceState decodeV2(StateCodec.Reader in) {
        int flags = in.readByte();
        long watermark = (flags & HAS_WATERMARK) != 0 ? in.readZigZag() : DeviceState.NEVER;
        long base = watermark == DeviceState.NEVER ? 0 : watermark;
        long lastSeen = (flags & EVER_SEEN) != 0 ? base - in.readZigZag() : DeviceState.NEVER;
        int metricCount = in.readCount();
        Map<String, MetricState> metrics = new HashMap<>(Math.max(4, metricCount * 2));
        List<MetricState> inOrder = new ArrayList<>(metricCount);
        for (int i = 0; i < metricCount; i++) {
            int code = in.readVarInt();
            if (code < 0 || code >= METRIC_CODES.size()) {
                throw new IllegalArgumentException("Corrupt state: unknown metric code " + code);
            }
            String name = code == 0 ? in.readString() : METRIC_CODES.get(code);
            MetricState metric = readMetricV2(in, base);
            metrics.put(name, metric);
            inOrder.add(metric);
        }
        String lastEventId = null;
        if ((flags & HAS_LAST_EVENT) != 0) {
            int ref = in.readVarInt();
            if (ref < 0 || ref > inOrder.size() || (ref > 0 && !inOrder.get(ref - 1).hasReading())) {
                throw new IllegalArgumentException("Corrupt state: last event refers to metric " + ref);
            }
            lastEventId = ref == 0 ? in.readId() : inOrder.get(ref - 1).newestEventId();
        }
        int recentCount = in.readCount();
        List<RecentEvent> recent = new ArrayList<>(recentCount + 1);
        long previous = base;
        for (int i = 0; i < recentCount; i++) {
            long hash = in.readLong();
            previous = previous - in.readZigZag();
            recent.add(new RecentEvent(hash, previous));
        }
        int triggerCount = in.readCount();
        Map<String, Long> triggers = new HashMap<>(Math.max(4, triggerCount * 2));
        for (int i = 0; i < triggerCount; i++) {
            triggers.put(in.readRule(in.readVarInt()), base - in.readZigZag());
        }
        int episodeCount = in.readCount();
        Map<String, Episode> episodes = new HashMap<>(Math.max(4, episodeCount * 2));
        for (int i = 0; i < episodeCount; i++) {
            int header = in.readVarInt();
            String rule = in.readRule(header);
            String alertId = (header & 1) != 0 ? in.readId() : null;
            episodes.put(rule, new Episode(alertId, base - in.readZigZag()));
        }
        in.expectEnd();
        return new DeviceState(watermark, lastSeen, lastEventId, (flags & SILENCE_INDEXED) != 0, recent, metrics,
                triggers, episodes);
    }

    private static MetricState readMetricV2(StateCodec.Reader in, long base) {
        int flags = in.readByte();
        String newestId = null;
        long newestMillis = Long.MIN_VALUE;
        double newestValue = 0;
        if ((flags & HAS_READING) != 0) {
            newestId = in.readId();
            newestMillis = base - in.readZigZag();
            newestValue = in.readDouble();
        }
        Ewma baseline = (flags & HAS_BASELINE) != 0 ? new Ewma(in.readVarLong(), in.readDouble(), in.readDouble()) : Ewma.EMPTY;
        String runId = null;
        long runStart = Long.MIN_VALUE;
        double runValue = 0;
        if ((flags & RUN_IS_NEWEST) != 0) {
            if ((flags & (HAS_RUN | HAS_READING)) != (HAS_RUN | HAS_READING)) {
                throw new IllegalArgumentException("Corrupt state: a run at the newest reading without both");
            }
            runId = newestId;
            runStart = newestMillis;
            runValue = newestValue;
        } else if ((flags & HAS_RUN) != 0) {
            runId = in.readId();
            runStart = base - in.readZigZag();
            runValue = in.readDouble();
        }
        MetricState metric = new MetricState(newestId, newestMillis, newestValue, baseline, runId, runStart, runValue);
        if ((flags & HAS_NOVELTY) != 0) {
            metric.novelty(readNovelty(in));
        }
        return metric;
    }

    /** Version 1, as written until version 2: fixed 8-byte numbers and every string in full. */
    private static DeviceState decodeV1(StateCodec.Reader in) {
        long maxEventTime = in.readLong();
        long lastSeen = in.readLong();
        int flags = in.readByte();
        String lastEventId = (flags & HAS_LAST_EVENT) != 0 ? in.readString() : null;
        int recentCount = in.readCount();
        List<RecentEvent> recent = new ArrayList<>(recentCount + 1);
        for (int i = 0; i < recentCount; i++) {
            recent.add(new RecentEvent(in.readLong(), in.readLong()));
        }
        int triggerCount = in.readCount();
        Map<String, Long> triggers = new HashMap<>(Math.max(4, triggerCount * 2));
        for (int i = 0; i < triggerCount; i++) {
            triggers.put(in.readString(), in.readLong());
        }
        int episodeCount = in.readCount();
        Map<String, Episode> episodes = new HashMap<>(Math.max(4, episodeCount * 2));
        for (int i = 0; i < episodeCount; i++) {
            String rule = in.readString();
            String alertId = in.readByte() == 1 ? in.readString() : null;
            episodes.put(rule, new Episode(alertId, in.readLong()));
        }
        int metricCount = in.readCount();
        Map<String, MetricState> metrics = new HashMap<>(Math.max(4, metricCount * 2));
        for (int i = 0; i < metricCount; i++) {
            metrics.put(in.readString(), readMetricV1(in));
        }
        return new DeviceState(maxEventTime, lastSeen, lastEventId, (flags & SILENCE_INDEXED) != 0, recent, metrics,
                triggers, episodes);
    }

    private static MetricState readMetricV1(StateCodec.Reader in) {
        int flags = in.readByte();
        String newestId = null;
        long newestMillis = Long.MIN_VALUE;
        double newestValue = 0;
        if ((flags & HAS_READING) != 0) {
            newestId = in.readString();
            newestMillis = in.readLong();
            newestValue = in.readDouble();
        }
        Ewma baseline = (flags & HAS_BASELINE) != 0 ? new Ewma(in.readLong(), in.readDouble(), in.readDouble()) : Ewma.EMPTY;
        String runId = null;
        long runStart = Long.MIN_VALUE;
        double runValue = 0;
        if ((flags & HAS_RUN) != 0) {
            runId = in.readString();
            runStart = in.readLong();
            runValue = in.readDouble();
        }
        return new MetricState(newestId, newestMillis, newestValue, baseline, runId, runStart, runValue);
    }
}
