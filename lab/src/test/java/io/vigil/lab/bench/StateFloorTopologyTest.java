package io.vigil.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.config.StoreType;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

class StateFloorTopologyTest {

    @ParameterizedTest
    @EnumSource(StoreType.class)
    void everyEventReadsAndRewritesItsKeysValueOfTheCardStatesSize(StoreType storeType) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "state-floor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(StateFloorTopology.build("in", storeType, false,
                StateFloorTopology.STATE_BYTES),
                props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (int i = 0; i < 5; i++) {
                in.pipeInput(bytes("card-a"), bytes("event " + i));
            }
            in.pipeInput(bytes("card-b"), bytes("event"));

            KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(StateFloorTopology.STORE);
            byte[] a = store.get(Bytes.wrap(bytes("card-a")));
            assertEquals(StateFloorTopology.STATE_BYTES, a.length);
            assertEquals(5, StateFloorTopology.ReadModifyWrite.readLong(a), "one read-modify-write per event");
            byte[] b = store.get(Bytes.wrap(bytes("card-b")));
            assertEquals(1, StateFloorTopology.ReadModifyWrite.readLong(b));
            // the value ends with the newest events' bytes, oldest first
            assertEquals("event 3event 4", tail(a, 14));
            assertEquals("event", tail(b, 5));
            assertNull(store.get(Bytes.wrap(bytes("card-c"))));
            assertEquals(2, countEntries(store));
        }
    }

    private static long countEntries(KeyValueStore<Bytes, byte[]> store) {
        long n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private static String tail(byte[] value, int n) {
        return new String(value, value.length - n, n, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
