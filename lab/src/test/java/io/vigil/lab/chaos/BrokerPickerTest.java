package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

/** Which broker broker-bounce kills: the one whose loss moves the most work. */
class BrokerPickerTest {

    @Test
    void shouldPickTheLeaderOfTheMostInputPartitionsWhenLeadershipIsUneven() {
        // Given broker 2 leads 6 input partitions and the others 3 each, while broker 1 coordinates more
        Map<Integer, Integer> leaderships = Map.of(1, 3, 2, 6, 3, 3);
        Map<Integer, Integer> coordinators = Map.of(1, 5, 2, 0);

        // When the victim is picked
        BrokerPicker.Choice choice = BrokerPicker.pick(Set.of(1, 2, 3), leaderships, coordinators);

        // Then leadership decides
        assertEquals(new BrokerPicker.Choice(2, 6, 0), choice);
    }

    @Test
    void shouldPickTheTransactionCoordinatorWhenLeadershipIsEven() {
        // Given balanced leadership and broker 3 coordinating most of the instances' transactions
        Map<Integer, Integer> leaderships = Map.of(1, 4, 2, 4, 3, 4);
        Map<Integer, Integer> coordinators = Map.of(1, 1, 3, 2);

        // When the victim is picked
        BrokerPicker.Choice choice = BrokerPicker.pick(Set.of(1, 2, 3), leaderships, coordinators);

        // Then the coordinator breaks the tie
        assertEquals(3, choice.nodeId());
        assertEquals(2, choice.transactionCoordinations());
    }

    @Test
    void shouldPickTheLowestIdWhenEverythingIsEven() {
        // Given nothing tells the brokers apart
        // When the victim is picked
        BrokerPicker.Choice choice = BrokerPicker.pick(Set.of(3, 1, 2), Map.of(), Map.of());

        // Then the choice is still deterministic
        assertEquals(1, choice.nodeId());
    }

    @Test
    void shouldOnlyPickLiveBrokersWhenADeadOneStillShowsAsLeader() {
        // Given stale metadata naming broker 1, no longer alive, as the biggest leader
        Map<Integer, Integer> leaderships = Map.of(1, 9, 2, 1, 3, 2);

        // When the victim is picked among the live ones
        BrokerPicker.Choice choice = BrokerPicker.pick(Set.of(2, 3), leaderships, Map.of());

        // Then it is a live broker
        assertEquals(3, choice.nodeId());
    }

    @Test
    void shouldRefuseWhenNoBrokerIsAlive() {
        assertThrows(IllegalArgumentException.class, () -> BrokerPicker.pick(Set.of(), Map.of(1, 1), Map.of()));
    }
}
