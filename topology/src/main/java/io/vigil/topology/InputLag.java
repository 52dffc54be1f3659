package io.vigil.topology;

/**
 * How many records of an input partition are waiting to be processed by this stream instance: what the silence
 * check asks before it calls a device silent (issue 12, part 5). A device whose readings are still in the input
 * is not silent; the stream is behind.
 *
 * <p>Handed to the processors through the Streams configuration under {@link #CONFIG} (Kafka Streams passes every
 * configured value to {@code ProcessorContext.appConfigs()}), because the topology is built before the
 * {@code KafkaStreams} object whose consumers know the lag. {@link StreamInstance} installs
 * {@link ConsumerInputLag}; without one (a bare {@code TopologyTestDriver}) the lag is unknown and taken as none.
 */
public interface InputLag {

    /** The Streams configuration key under which the instance's {@code InputLag} travels to the processors. */
    String CONFIG = "vigil.internal.input.lag";

    /** No lag known: every partition is taken as caught up. */
    InputLag NONE = (topic, partition) -> 0;

    /** Records of {@code topic}-{@code partition} known to be waiting for this instance; 0 when none or unknown. */
    long unprocessed(String topic, int partition);

    /** The lag installed in {@code appConfigs}, or {@link #NONE}. */
    static InputLag from(java.util.Map<String, Object> appConfigs) {
        Object lag = appConfigs.get(CONFIG);
        return lag instanceof InputLag installed ? installed : NONE;
    }
}
