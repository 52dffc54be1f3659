package io.vigil.lab.chaos;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the broker whose loss hurts a run the most: the one leading the most input partitions (every
 * producer and every instance's fetches move elsewhere), ties broken by the one coordinating the most of the
 * instances' transactions (their open transactions must be taken over from its log), then by the lowest id.
 */
final class BrokerPicker {

    /** The broker chosen, and the counts that chose it. */
    record Choice(int nodeId, int inputLeaderships, int transactionCoordinations) {
    }

    private BrokerPicker() {
    }

    /**
     * @param alive        the brokers that may be chosen
     * @param leaderships  per broker id, input partitions it leads; absent means none
     * @param coordinators per broker id, the instances' transactional ids it coordinates; absent means none
     * @throws IllegalArgumentException if no broker is alive
     */
    static Choice pick(Set<Integer> alive, Map<Integer, Integer> leaderships, Map<Integer, Integer> coordinators) {
        return alive.stream()
                .map(id -> new Choice(id, leaderships.getOrDefault(id, 0), coordinators.getOrDefault(id, 0)))
                .max(Comparator.comparingInt(Choice::inputLeaderships)
                        .thenComparingInt(Choice::transactionCoordinations)
                        .thenComparing(Comparator.comparingInt(Choice::nodeId).reversed()))
                .orElseThrow(() -> new IllegalArgumentException("no live broker to choose from"));
    }
}
