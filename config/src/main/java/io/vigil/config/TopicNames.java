package io.vigil.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The topics Vigil reads and writes, and how new ones are created.
 *
 * <p>Names are checked against Kafka's rules and against each other at start: two roles
 * sharing one topic (alerts written into the transactions topic, say) would make Vigil read
 * its own output, which is never what was meant.
 *
 * @param lateEvents prefix of the topics where events arriving after the grace period are
 *     copied ({@link #lateTransactions()}, {@link #lateTelemetry()}); empty means they are only
 *     counted
 * @param partitions partitions of topics Vigil creates; parallelism is capped by this number
 * @param replicationFactor replication of topics Vigil creates
 * @param labels analysts' verdicts on alerts, fraud or legitimate (key: alertId); read back for
 *     each rule's precision
 */
public record TopicNames(String transactions, String telemetry, String rules, String alerts,
        String incidents, String actions, String dlq, Optional<String> lateEvents, int partitions,
        short replicationFactor, String labels) {

    public static final int MAX_PARTITIONS = 1000;
    /** The labels topic of {@code vigil-defaults.properties}, for callers that name the others only. */
    public static final String DEFAULT_LABELS = "vigil.labels";

    /** The topics without a labels topic of their own: labels go to {@link #DEFAULT_LABELS}. */
    public TopicNames(String transactions, String telemetry, String rules, String alerts,
            String incidents, String actions, String dlq, Optional<String> lateEvents, int partitions,
            short replicationFactor) {
        this(transactions, telemetry, rules, alerts, incidents, actions, dlq, lateEvents, partitions,
                replicationFactor, DEFAULT_LABELS);
    }

    public TopicNames {
        Map<String, String> keyByTopic = new HashMap<>();
        claim(keyByTopic, Setting.TOPIC_TRANSACTIONS, transactions);
        claim(keyByTopic, Setting.TOPIC_TELEMETRY, telemetry);
        claim(keyByTopic, Setting.TOPIC_RULES, rules);
        claim(keyByTopic, Setting.TOPIC_ALERTS, alerts);
        claim(keyByTopic, Setting.TOPIC_INCIDENTS, incidents);
        claim(keyByTopic, Setting.TOPIC_ACTIONS, actions);
        claim(keyByTopic, Setting.TOPIC_DLQ, dlq);
        claim(keyByTopic, Setting.TOPIC_LABELS, labels);
        Objects.requireNonNull(lateEvents, "lateEvents")
                .ifPresent(t -> claim(keyByTopic, Setting.TOPIC_LATE_EVENTS, t));
        Checks.intBetween(Setting.TOPIC_PARTITIONS.key(), partitions, 1, MAX_PARTITIONS);
        Checks.intBetween(Setting.TOPIC_REPLICATION_FACTOR.key(), replicationFactor, 1, Short.MAX_VALUE);
    }

    private static void claim(Map<String, String> keyByTopic, Setting setting, String topic) {
        Objects.requireNonNull(topic, setting.key());
        Checks.topicName(setting.key(), topic);
        String earlier = keyByTopic.putIfAbsent(topic, setting.key());
        if (earlier != null) {
            throw new ConfigException(setting.key(), topic,
                    "expected a topic not already used by " + earlier);
        }
    }

    /** Every topic Vigil uses, in a fixed order, for creating or checking them. */
    public List<String> all() {
        List<String> all = new ArrayList<>(
                List.of(transactions, telemetry, rules, alerts, incidents, actions, dlq, labels));
        lateTransactions().ifPresent(all::add);
        lateTelemetry().ifPresent(all::add);
        return List.copyOf(all);
    }

    /** Where late transactions are copied: one topic per record type, so one schema subject each. */
    public Optional<String> lateTransactions() {
        return lateEvents.map(prefix -> prefix + ".transactions");
    }

    /** Where late telemetry readings are copied. */
    public Optional<String> lateTelemetry() {
        return lateEvents.map(prefix -> prefix + ".telemetry");
    }
}
