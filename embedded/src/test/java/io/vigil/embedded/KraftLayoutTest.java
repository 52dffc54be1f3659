package io.vigil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The static quorum and replication a cluster of N nodes gets. */
class KraftLayoutTest {

    @Test
    void shouldNameEveryNodeWhenThreeNodesShareAQuorum() {
        // Given three nodes
        KraftLayout layout = new KraftLayout(List.of(9092, 9093, 9094), List.of(19092, 19093, 19094));

        // Then every node is a voter, every client port is a bootstrap server, and one node may be lost
        assertEquals("1@127.0.0.1:19092,2@127.0.0.1:19093,3@127.0.0.1:19094", layout.quorumVoters());
        assertEquals("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094", layout.bootstrapServers());
        assertEquals(3, layout.replicationFactor());
        assertEquals(2, layout.minInsyncReplicas());
    }

    @Test
    void shouldKeepOneReplicaWhenThereIsOneNode() {
        KraftLayout layout = KraftLayout.single(9092, 19092);

        assertEquals(1, layout.replicationFactor());
        assertEquals(1, layout.minInsyncReplicas());
        assertEquals("1@127.0.0.1:19092", layout.quorumVoters());
    }

    @Test
    void shouldRefuseALayoutWhenTwoListenersShareAPort() {
        assertThrows(IllegalArgumentException.class,
                () -> new KraftLayout(List.of(9092, 9093), List.of(9093, 19093)));
        assertThrows(IllegalArgumentException.class, () -> new KraftLayout(List.of(9092), List.of(19092, 19093)));
    }

    @Test
    void shouldGiveEveryNodeTheWholeQuorumWhenConfiguringOne() {
        // Given node 2 of three
        KraftLayout layout = new KraftLayout(List.of(9092, 9093, 9094), List.of(19092, 19093, 19094));

        // When its configuration is built
        var props = KraftNodeConfig.properties(layout, 2, java.nio.file.Path.of("/data"), 6);

        // Then it listens on its own ports, knows all voters, and replicates internal topics three times
        assertEquals("2", props.get("node.id"));
        assertEquals("PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:19093", props.get("listeners"));
        assertEquals(layout.quorumVoters(), props.get("controller.quorum.voters"));
        assertEquals("3", props.get("transaction.state.log.replication.factor"));
        assertEquals("2", props.get("transaction.state.log.min.isr"));
        assertEquals("2", props.get("min.insync.replicas"));
    }
}
