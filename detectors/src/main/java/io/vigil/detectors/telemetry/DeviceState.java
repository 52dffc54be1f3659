package io.vigil.detectors.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the telemetry rules remember about one device: the single value read and written per reading.
 *
 * <p>Mutable on purpose, like the card state: the processor reads it, {@link DeviceDetection} updates it in
 * place for one reading (or one silence check), and the processor writes it back.
 *
 * <p>Bounded: one {@link MetricState} per metric that some rule watches, at most {@link #MAX_METRICS}; the
 * event ids accepted within the grace period, at most {@link #MAX_RECENT_EVENTS}; one cooldown entry and at
 * most one open episode per rule. See {@link DeviceStateCodec} for the bound in bytes.
 */
public final class DeviceState {

    /** Most metrics a device keeps state for; {@link DeviceDetection} refuses rules that watch more. */
    public static final int MAX_METRICS = 64;
    /**
     * Fewest event ids remembered for duplicate detection; {@link DeviceDetection} sizes the bound from the rules
     * and the grace period ({@link DeviceDetection#recentCapacity()}), between this and
     * {@link #MAX_RECENT_EVENTS_LIMIT}.
     */
    public static final int MAX_RECENT_EVENTS = 64;
    /** Most event ids a device may remember: 64 KiB of hashes. Rules and grace needing more are refused. */
    public static final int MAX_RECENT_EVENTS_LIMIT = 4096;

    static final long NEVER = Long.MIN_VALUE;

    private long maxEventTimeMillis;
    private long lastSeenMillis;
    private String lastEventId;
    private boolean silenceIndexed;
    private final List<RecentEvent> recent;
    private final Map<String, MetricState> metrics;
    private final Map<String, Long> lastTriggerMillis;
    private final Map<String, Episode> episodes;

    public DeviceState() {
        this(NEVER, NEVER, null, false, new ArrayList<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    }

    DeviceState(long maxEventTimeMillis, long lastSeenMillis, String lastEventId, boolean silenceIndexed,
                List<RecentEvent> recent, Map<String, MetricState> metrics, Map<String, Long> lastTriggerMillis,
                Map<String, Episode> episodes) {
        this.maxEventTimeMillis = maxEventTimeMillis;
        this.lastSeenMillis = lastSeenMillis;
        this.lastEventId = lastEventId;
        this.silenceIndexed = silenceIndexed;
        this.recent = recent;
        this.metrics = metrics;
        this.lastTriggerMillis = lastTriggerMillis;
        this.episodes = episodes;
    }

    /** The newest event time seen on this device: its own watermark for lateness. */
    public long maxEventTimeMillis() {
        return maxEventTimeMillis;
    }

    /** Wall-clock time at which the device last sent a (non-duplicate) reading; {@link Long#MIN_VALUE} if never. */
    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    public boolean everSeen() {
        return lastSeenMillis != NEVER;
    }

    /** Event id of the last reading received, in arrival order: it names a silence episode. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Whether the device's silence deadline is in the topology's deadline index. Kept in the state so that a
     * device seen before a silence rule existed is indexed on its next reading, not never.
     */
    public boolean silenceIndexed() {
        return silenceIndexed;
    }

    public MetricState metric(String name) {
        return metrics.get(name);
    }

    public Map<String, MetricState> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** The open episode of {@code ruleId}, or null. */
    public Episode episode(String ruleId) {
        return episodes.get(ruleId);
    }

    public Map<String, Episode> episodes() {
        return Collections.unmodifiableMap(episodes);
    }

    public List<RecentEvent> recentEvents() {
        return Collections.unmodifiableList(recent);
    }

    Map<String, Long> lastTriggerMillis() {
        return Collections.unmodifiableMap(lastTriggerMillis);
    }

    boolean containsEvent(String eventId) {
        long hash = idHash(eventId);
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (recent.get(i).idHash() == hash) {
                return true;
            }
        }
        return false;
    }

    void seen(long wallClockMillis, String eventId) {
        this.lastSeenMillis = wallClockMillis;
        this.lastEventId = eventId;
    }

    void silenceIndexed(boolean indexed) {
        this.silenceIndexed = indexed;
    }

    void accept(String eventId, long eventTimeMillis) {
        recent.add(new RecentEvent(idHash(eventId), eventTimeMillis));
        maxEventTimeMillis = Math.max(maxEventTimeMillis, eventTimeMillis);
    }

    MetricState metricOrCreate(String name) {
        return metrics.computeIfAbsent(name, n -> new MetricState());
    }

    /**
     * Forgets ids whose readings would now be late anyway (so a redelivery is caught as late instead), then
     * those with the oldest event times beyond {@code capacity}. Oldest in event time, not in arrival: then every
     * forgotten id lies at or before the oldest remembered one, which is what {@link #mayBeForgotten} relies on.
     */
    void forgetEventsBefore(long eventTimeMillis, int capacity) {
        recent.removeIf(e -> e.timestampMillis() < eventTimeMillis);
        int excess = recent.size() - capacity;
        if (excess > 0) {
            List<RecentEvent> byTime = new ArrayList<>(recent);
            byTime.sort(java.util.Comparator.comparingLong(RecentEvent::timestampMillis));
            recent.removeAll(byTime.subList(0, excess));
        }
    }

    /**
     * Whether a redelivery of a reading at {@code eventTimeMillis} might no longer be recognised: the remembered
     * ids are at capacity, so some may have been evicted, and the reading is no later than the oldest one left.
     * Such a reading is treated as late, so that no redelivery is ever counted twice, however fast the device.
     */
    boolean mayBeForgotten(long eventTimeMillis, int capacity) {
        if (recent.size() < capacity) {
            return false;
        }
        long oldest = Long.MAX_VALUE;
        for (RecentEvent e : recent) {
            oldest = Math.min(oldest, e.timestampMillis());
        }
        return eventTimeMillis <= oldest;
    }

    /** Drops the state of metrics no rule watches any more (rules changed since it was written). */
    void retainMetrics(Set<String> watched) {
        metrics.keySet().retainAll(watched);
    }

    void open(String ruleId, Episode episode) {
        episodes.put(ruleId, episode);
    }

    Episode close(String ruleId) {
        return episodes.remove(ruleId);
    }

    /** Drops episodes and cooldowns of rules that no longer run: nothing could ever close or expire them. */
    void retainRules(Collection<String> ruleIds) {
        episodes.keySet().retainAll(ruleIds);
        lastTriggerMillis.keySet().retainAll(ruleIds);
    }

    /** Records that {@code ruleId} fired at {@code millis}; returns the previous trigger time, if any. */
    Long trigger(String ruleId, long millis) {
        Long previous = lastTriggerMillis.get(ruleId);
        if (previous == null || millis > previous) {
            lastTriggerMillis.put(ruleId, millis);
        }
        return previous;
    }

    void forgetTrigger(String ruleId, long olderThanMillis) {
        Long at = lastTriggerMillis.get(ruleId);
        if (at != null && at < olderThanMillis) {
            lastTriggerMillis.remove(ruleId);
        }
    }

    /**
     * A 64-bit hash of an event id: 16 bytes per remembered id instead of ~45 for a UUID string, on a value
     * written once per reading. Two different ids collide with probability about 2^-64 per pair, so with at
     * most {@link #MAX_RECENT_EVENTS} ids held, a reading is wrongly dropped about once in 10^17 readings.
     * FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser to spread similar ids.
     */
    static long idHash(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : eventId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
