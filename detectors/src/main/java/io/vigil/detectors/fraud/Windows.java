package io.vigil.detectors.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sliding event-time windows over a card's time-ordered history.
 *
 * <p>A new event can complete a window that ends at itself or, when it arrived out of order, one that ends
 * at a later event already in the history. So every window {@code (t_j - W, t_j]} that contains the new
 * event is checked, not only the one ending at it: that is what "placed correctly" means for late arrivals
 * within the grace period.
 */
final class Windows {

    private Windows() {
    }

    /**
     * The entries of the first window of length {@code windowMillis} that contains {@code history[index]}
     * and satisfies {@code test}, or an empty list. Only entries matching {@code member} count as window members.
     */
    static List<RecentTransaction> firstMatching(List<RecentTransaction> history, int index, long windowMillis,
                                                 Predicate<RecentTransaction> member,
                                                 Predicate<List<RecentTransaction>> test) {
        long newTime = history.get(index).timestampMillis();
        for (int end = index; end < history.size() && history.get(end).timestampMillis() < newTime + windowMillis; end++) {
            long endTime = history.get(end).timestampMillis();
            List<RecentTransaction> members = new ArrayList<>();
            for (int i = 0; i <= end; i++) {
                RecentTransaction tx = history.get(i);
                if (tx.timestampMillis() > endTime - windowMillis && member.test(tx)) {
                    members.add(tx);
                }
            }
            if (test.test(members)) {
                return members;
            }
        }
        return List.of();
    }

    static List<String> eventIds(List<RecentTransaction> txs) {
        List<String> ids = new ArrayList<>(txs.size());
        for (RecentTransaction tx : txs) {
            ids.add(tx.eventId());
        }
        return ids;
    }
}
