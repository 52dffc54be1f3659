package io.vigil.runtime.console;

import io.vigil.events.Alert;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The alerts the console has read from the alerts topic, in commit order: the newest few hundred for the feed,
 * the newest few of each recently alerted entity for a search, and an index by alert id for labelling.
 *
 * <p>Each alert gets a sequence number in the order it was read; the event stream sends it as the event id, so a
 * browser that reconnects (sending {@code Last-Event-ID}) gets exactly the alerts it missed, if still held.
 * Everything is bounded: a console watching a busy deployment keeps a window, not the history.
 */
final class AlertFeed {

    static final int RECENT = 300;
    static final int PER_ENTITY = 20;
    static final int ENTITIES = 20_000;
    static final int INDEXED = 50_000;

    /** One alert as the console shows it, numbered in reading order. */
    record Entry(long seq, Alert alert, long committedAt) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", seq);
            m.put("alertId", alert.getAlertId());
            m.put("ruleId", alert.getRuleId());
            m.put("ruleVersion", alert.getRuleVersion());
            m.put("detector", alert.getDetector());
            m.put("entityType", alert.getEntityType().name().toLowerCase(java.util.Locale.ROOT));
            m.put("entityId", alert.getEntityId());
            m.put("severity", alert.getSeverity().name());
            m.put("status", alert.getStatus().name());
            m.put("explanation", alert.getExplanation());
            m.put("eventTime", alert.getEventTimestamp().toString());
            m.put("committedAt", Instant.ofEpochMilli(committedAt).toString());
            // JSON has no NaN or Infinity, and one such value would make the browser drop the whole event.
            Map<String, Double> features = new java.util.TreeMap<>();
            alert.getFeatures().forEach((k, v) -> features.put(k, v != null && Double.isFinite(v) ? v : null));
            m.put("features", features);
            return m;
        }
    }

    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Map<String, Deque<Entry>> byEntity = lru(ENTITIES);
    private final Map<String, Entry> byId = lru(INDEXED);
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
    private long seq;
    private long total;

    /** Adds an alert read from the topic and tells every listener. */
    void add(Alert alert, long recordTimestamp) {
        Entry entry;
        synchronized (this) {
            entry = new Entry(++seq, alert, recordTimestamp);
            total++;
            recent.addLast(entry);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
            Deque<Entry> mine = byEntity.computeIfAbsent(key(alert.getEntityType().name(), alert.getEntityId()),
                    k -> new ArrayDeque<>());
            mine.addLast(entry);
            if (mine.size() > PER_ENTITY) {
                mine.removeFirst();
            }
            byId.put(alert.getAlertId(), entry);
        }
        listeners.forEach(l -> l.accept(entry));
    }

    /** Held alerts after {@code afterSeq}, oldest first: what a (re)connecting browser has not seen. */
    synchronized List<Entry> since(long afterSeq) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : recent) {
            if (e.seq() > afterSeq) {
                out.add(e);
            }
        }
        return out;
    }

    /** The held alerts of one entity, newest first. */
    synchronized List<Entry> of(String entityType, String entityId) {
        Deque<Entry> mine = byEntity.get(key(entityType, entityId));
        if (mine == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>(mine);
        java.util.Collections.reverse(out);
        return out;
    }

    synchronized Optional<Alert> find(String alertId) {
        return Optional.ofNullable(byId.get(alertId)).map(Entry::alert);
    }

    /** Alerts read since the console started. */
    synchronized long total() {
        return total;
    }

    /**
     * Hands {@code listener} the held alerts after {@code afterSeq}, oldest first, then every new one. Atomic with
     * {@link #add}: an alert is never missed between the two, though one may come twice (the listener drops
     * a sequence number it has passed).
     */
    synchronized void listen(Consumer<Entry> listener, long afterSeq) {
        since(afterSeq).forEach(listener);
        listeners.add(listener);
    }

    void unlisten(Consumer<Entry> listener) {
        listeners.remove(listener);
    }

    private static String key(String entityType, String entityId) {
        return entityType.toUpperCase(java.util.Locale.ROOT) + "|" + entityId;
    }

    /** Access-ordered: the entity alerted or looked at longest ago goes first. */
    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
