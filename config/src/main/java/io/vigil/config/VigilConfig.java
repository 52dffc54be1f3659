package io.vigil.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Vigil is configured with, loaded and validated once at start by
 * {@link ConfigLoader} and then passed down, so no component reads the environment itself.
 */
public record VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
    RuleSet rules, EscalationSettings escalation) {

  public VigilConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(escalation, "escalation");
  }

  /**
   * A configuration with the default escalation ({@link EscalationSettings#defaults()}), for code
   * written before escalation was configurable. To change one part of a loaded configuration,
   * prefer the {@code with...} methods: they keep every other part, escalation included.
   */
  public VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
      RuleSet rules) {
    this(kafka, topics, streams, rules, EscalationSettings.defaults());
  }

  /** The built-in defaults alone: no file, no environment. Handy for tests and the embedded demo. */
  public static VigilConfig defaults() {
    return ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
  }

  public VigilConfig withKafka(KafkaSettings newKafka) {
    return new VigilConfig(newKafka, topics, streams, rules, escalation);
  }

  public VigilConfig withStreams(StreamsSettings newStreams) {
    return new VigilConfig(kafka, topics, newStreams, rules, escalation);
  }

  public VigilConfig withRules(RuleSet newRules) {
    return new VigilConfig(kafka, topics, streams, newRules, escalation);
  }
}
