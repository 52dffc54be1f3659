package io.vigil.subscribers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent ids seen, up to a bound: enough to recognise a redelivered alert (which comes soon after the
 * original) without growing for ever on a long-running subscriber.
 */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean contains(String id) {
        return ids.containsKey(id);
    }

    /** Remembers {@code id}; true if it was not among the recent ids. */
    boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
