package io.vigil.lab.generate;

import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.Injection;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code --ground-truth-topic}: each completed injection as a JSON value keyed by its injection id. */
final class GroundTruthTopic {

    private GroundTruthTopic() {
    }

    /** Sends every injection of {@code truth} to {@code topic}, creating it with one partition if missing. */
    static void send(KafkaEnvironment env, String topic, GroundTruth truth) throws IOException {
        create(env, topic);
        Map<String, Object> props = new HashMap<>(LoadGenerator.producerProperties(env.clientProperties()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (Injection injection : truth.injections()) {
                StringWriter line = new StringWriter();
                new GroundTruth(List.of(injection)).writeJsonLines(line);
                producer.send(new ProducerRecord<>(topic, injection.injectionId(), line.toString().strip()));
            }
            producer.flush();
        }
    }

    private static void create(KafkaEnvironment env, String topic) {
        try {
            env.admin().createTopics(List.of(new NewTopic(topic, 1, env.config().topics().replicationFactor())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ActionableException("Cannot create ground-truth topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new ActionableException("Timed out creating ground-truth topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionableException("Interrupted while creating ground-truth topic " + topic, e);
        }
    }
}
