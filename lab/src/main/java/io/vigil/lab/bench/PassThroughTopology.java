package io.vigil.lab.bench;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The baseline the detection topology is compared with: every record copied from the input to an output topic
 * unchanged, with byte-array serdes, so it measures only what Kafka Streams itself costs (fetch, task
 * processing, produce, and under exactly-once the transactions).
 */
final class PassThroughTopology {

    static final String SOURCE = "pass-through-source";
    static final String SINK = "pass-through-sink";

    private PassThroughTopology() {
    }

    static Topology build(String input, String output) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
        topology.addSink(SINK, output, new ByteArraySerializer(), new ByteArraySerializer(), SOURCE);
        return topology;
    }
}
