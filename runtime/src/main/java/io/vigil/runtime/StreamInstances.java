package io.vigil.runtime;

import io.vigil.config.VigilConfig;
import io.vigil.runtime.ops.OpsServerGroup;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.VigilTopology;

import io.micrometer.core.instrument.MeterRegistry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Several stream instances of one application in this process: the embedded default's stand-in for several
 * machines. Each has its own state directory and Kafka clients, exactly as separate processes would.
 */
public final class StreamInstances implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final List<StreamInstance> instances;

    private StreamInstances(List<StreamInstance> instances) {
        this.instances = instances;
    }

    public static StreamInstances start(VigilConfig config, Map<String, Object> clientProperties, MeterRegistry meters,
                                        int count, PrintStream out) throws Exception {
        return start(config, clientProperties, meters, count, out, null);
    }

    /** As above, with instance i (from 0) served by {@code ops}' server i, when {@code ops} is not null. */
    public static StreamInstances start(VigilConfig config, Map<String, Object> clientProperties, MeterRegistry meters,
                                        int count, PrintStream out, OpsServerGroup ops) throws Exception {
        CopartitionCheck.verify(clientProperties, config.topics());
        List<StreamInstance> started = new ArrayList<>();
        StreamInstances all = new StreamInstances(started);
        try {
            for (int i = 1; i <= count; i++) {
                String id = "instance-" + i;
                MeterRegistry instanceMeters = ops == null ? meters : ops.meters(i - 1, meters);
                Properties props = StreamsProperties.forInstance(config, id, instanceMeters,
                        ops == null ? Optional.empty() : ops.applicationServer(i - 1));
                started.add(new StreamInstance(id, VigilTopology.build(config, clientProperties, instanceMeters), props));
                if (ops != null) {
                    ops.attach(i - 1, started.get(i - 1), config);
                }
            }
            started.forEach(StreamInstance::start);
            for (StreamInstance instance : started) {
                instance.awaitRunning(START_TIMEOUT);
            }
            out.printf("%d stream instance(s) running, application.id %s, %s%n", count,
                    config.streams().applicationId(), config.streams().processingGuarantee().kafkaValue());
            return all;
        } catch (Exception | Error e) {
            all.close();
            throw e;
        }
    }

    /** Throws if an instance has died, with the reason: a dead instance must end the run, not hang it. */
    public void checkHealthy() {
        for (StreamInstance instance : instances) {
            InstanceHealth health = InstanceHealth.of(instance);
            if (health.failed()) {
                throw new IllegalStateException(health.describe(), instance.failure());
            }
        }
    }

    /** The first instance that has failed, with its cause; empty while every instance lives. */
    public Optional<InstanceHealth> failure() {
        return instances.stream().map(InstanceHealth::of).filter(InstanceHealth::failed).findFirst();
    }

    public String states() {
        return instances.stream().map(i -> i.state().name()).collect(Collectors.joining(","));
    }

    public List<StreamInstance> instances() {
        return List.copyOf(instances);
    }

    @Override
    public void close() {
        // Close in parallel: each close waits for its threads to commit and leave the group.
        instances.parallelStream().forEach(StreamInstance::close);
    }
}
