package io.vigil.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Vigil is configured with, loaded and validated once at start by
 * {@link ConfigLoader} and then passed down, so no component reads the environment itself.
 */
public record VigilConfig(KafkaSettings kafka, TopicNames topics, StreamsSettings streams,
    RuleSet rules) {

  public VigilConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(rules, "rules");
  }

  /** The built-in defaults alone: no file, no environment. Handy for tests and the embedded demo. */
  public static VigilConfig defaults() {
    return ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
  }
}
