package io.vigil.detectors.telemetry;

import io.vigil.detectors.Ewma;
import io.vigil.detectors.StateCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary layout of {@link DeviceState}, version 1.
 *
 * <p>Bytes per device: 55 of header (watermark, last seen, flags, last event id as a 36-character UUID);
 * 16 per event id remembered for duplicate detection (the readings of the last grace period, at most
 * {@link DeviceState#MAX_RECENT_EVENTS}); per watched metric its name plus 1, then 53 for the newest reading,
 * 24 for a baseline (anomaly rules only) and 53 for a flat run (flatline rules only), then, last so that state
 * written before it existed still reads, 53 plus 4 per band for a novelty model (181 with the default 32 bands,
 * anomaly rules with model novelty only); about 24 per rule in
 * cooldown and 62 per open episode. Measured with the default rules (four metrics, one rule each), readings
 * every 5 s per metric and a 30 s grace period: 792 bytes per device, half of it the ~25 remembered ids; a
 * shorter grace period shrinks that half proportionally.
 */
public final class DeviceStateCodec {

    private static final int VERSION = 1;

    private static final int HAS_LAST_EVENT = 1;
    private static final int SILENCE_INDEXED = 2;

    private static final int HAS_READING = 1;
    private static final int HAS_BASELINE = 2;
    private static final int HAS_RUN = 4;
    private static final int HAS_NOVELTY = 8;

    private DeviceStateCodec() {
    }

    public static byte[] encode(DeviceState state) {
        StateCodec.Writer out = new StateCodec.Writer(64 + state.recentEvents().size() * 16 + state.metrics().size() * 160);
        out.writeByte(VERSION).writeLong(state.maxEventTimeMillis()).writeLong(state.lastSeenMillis());
        out.writeByte((state.lastEventId() != null ? HAS_LAST_EVENT : 0) | (state.silenceIndexed() ? SILENCE_INDEXED : 0));
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
        state.metrics().forEach((name, metric) -> writeMetric(out.writeString(name), metric));
        return out.toByteArray();
    }

    private static void writeMetric(StateCodec.Writer out, MetricState metric) {
        Ewma baseline = metric.baseline();
        out.writeByte((metric.hasReading() ? HAS_READING : 0) | (baseline.count() > 0 ? HAS_BASELINE : 0)
                | (metric.hasRun() ? HAS_RUN : 0) | (metric.novelty() != null ? HAS_NOVELTY : 0));
        if (metric.hasReading()) {
            out.writeString(metric.newestEventId()).writeLong(metric.newestMillis()).writeDouble(metric.newestValue());
        }
        if (baseline.count() > 0) {
            out.writeLong(baseline.count()).writeDouble(baseline.mean()).writeDouble(baseline.variance());
        }
        if (metric.hasRun()) {
            out.writeString(metric.runEventId()).writeLong(metric.runStartMillis()).writeDouble(metric.runValue());
        }
        if (metric.novelty() != null) {
            writeNovelty(out, metric.novelty());
        }
    }

    private static void writeNovelty(StateCodec.Writer out, NoveltyState n) {
        out.writeByte(n.bins()).writeLong(n.count()).writeDouble(n.lo()).writeDouble(n.hi())
                .writeDouble(n.previous()).writeDouble(n.maxStep()).writeDouble(n.total());
        writeInt(out, n.sinceAlert());
        for (float c : n.counts()) {
            writeInt(out, Float.floatToRawIntBits(c));
        }
    }

    // Four bytes, big-endian: the shared StateCodec has no 32-bit field, and the band counts are floats.
    private static void writeInt(StateCodec.Writer out, int v) {
        out.writeByte(v >>> 24).writeByte(v >>> 16).writeByte(v >>> 8).writeByte(v);
    }

    private static int readInt(StateCodec.Reader in) {
        return (in.readByte() << 24) | (in.readByte() << 16) | (in.readByte() << 8) | in.readByte();
    }

    private static NoveltyState readNovelty(StateCodec.Reader in) {
        int bins = in.readByte();
        long count = in.readLong();
        double lo = in.readDouble();
        double hi = in.readDouble();
        double previous = in.readDouble();
        double maxStep = in.readDouble();
        double total = in.readDouble();
        int sinceAlert = readInt(in);
        float[] counts = new float[bins];
        for (int i = 0; i < bins; i++) {
            counts[i] = Float.intBitsToFloat(readInt(in));
        }
        return new NoveltyState(count, lo, hi, previous, maxStep, total, sinceAlert, counts);
    }

    public static DeviceState decode(byte[] bytes) {
        StateCodec.Reader in = new StateCodec.Reader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("Unknown device state format version " + version
                    + " (this build reads " + VERSION + ")");
        }
        long maxEventTime = in.readLong();
        long lastSeen = in.readLong();
        int flags = in.readByte();
        String lastEventId = (flags & HAS_LAST_EVENT) != 0 ? in.readString() : null;
        int recentCount = count(in);
        List<RecentEvent> recent = new ArrayList<>(recentCount + 1);
        for (int i = 0; i < recentCount; i++) {
            recent.add(new RecentEvent(in.readLong(), in.readLong()));
        }
        int triggerCount = count(in);
        Map<String, Long> triggers = new HashMap<>(Math.max(4, triggerCount * 2));
        for (int i = 0; i < triggerCount; i++) {
            triggers.put(in.readString(), in.readLong());
        }
        int episodeCount = count(in);
        Map<String, Episode> episodes = new HashMap<>(Math.max(4, episodeCount * 2));
        for (int i = 0; i < episodeCount; i++) {
            String rule = in.readString();
            String alertId = in.readByte() == 1 ? in.readString() : null;
            episodes.put(rule, new Episode(alertId, in.readLong()));
        }
        int metricCount = count(in);
        Map<String, MetricState> metrics = new HashMap<>(Math.max(4, metricCount * 2));
        for (int i = 0; i < metricCount; i++) {
            metrics.put(in.readString(), readMetric(in));
        }
        return new DeviceState(maxEventTime, lastSeen, lastEventId, (flags & SILENCE_INDEXED) != 0, recent, metrics,
                triggers, episodes);
    }

    private static MetricState readMetric(StateCodec.Reader in) {
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
        MetricState metric = new MetricState(newestId, newestMillis, newestValue, baseline, runId, runStart, runValue);
        if ((flags & HAS_NOVELTY) != 0) {
            metric.novelty(readNovelty(in));
        }
        return metric;
    }

    /** A collection size; a negative or absurd one means corrupt bytes, not a huge allocation. */
    private static int count(StateCodec.Reader in) {
        int n = in.readVarInt();
        if (n < 0 || n > 1_000_000) {
            throw new IllegalArgumentException("Corrupt state: collection of " + n + " entries");
        }
        return n;
    }
}
