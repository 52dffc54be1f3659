package io.vigil.topology;

import io.vigil.config.TopicNames;
import io.vigil.events.Action;
import io.vigil.events.Alert;
import io.vigil.events.Incident;
import io.vigil.events.Rule;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.serdes.AvroSerdes;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.Map;

/**
 * Vigil's topics with their serdes, built once from the serde configuration (schema.registry.url and
 * friends): keys are plain strings (the entity id), values are Avro in the Confluent wire format.
 */
public final class VigilSerdes {

    private final Map<String, ?> serdeConfig;
    private final TopicNames names;

    public VigilSerdes(TopicNames names, Map<String, ?> serdeConfig) {
        this.names = names;
        this.serdeConfig = Map.copyOf(serdeConfig);
    }

    public Topic<String, Transaction> transactions() {
        return topic(names.transactions(), Transaction.class);
    }

    public Topic<String, Telemetry> telemetry() {
        return topic(names.telemetry(), Telemetry.class);
    }

    public Topic<String, Alert> alerts() {
        return topic(names.alerts(), Alert.class);
    }

    public Topic<String, Incident> incidents() {
        return topic(names.incidents(), Incident.class);
    }

    public Topic<String, Action> actions() {
        return topic(names.actions(), Action.class);
    }

    public Topic<String, Rule> rules() {
        return topic(names.rules(), Rule.class);
    }

    public <V extends SpecificRecord> Serde<V> valueSerde(Class<V> type) {
        return AvroSerdes.specific(type, serdeConfig, false);
    }

    private <V extends SpecificRecord> Topic<String, V> topic(String name, Class<V> type) {
        return new Topic<>(name, Serdes.String(), valueSerde(type));
    }
}
