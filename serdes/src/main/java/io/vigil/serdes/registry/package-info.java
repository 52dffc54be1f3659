/**
 * The Confluent Schema Registry REST API, as far as Vigil's serde needs it.
 *
 * <p>{@link io.vigil.serdes.registry.SchemaRegistryClient} is what the serde talks to. It has three
 * implementations: {@link io.vigil.serdes.registry.RestSchemaRegistryClient} for a real registry
 * (Confluent, Redpanda, Karapace, Apicurio's ccompat API), {@link io.vigil.serdes.registry.MockSchemaRegistry}
 * scopes for {@code mock://scope} URLs, and {@link io.vigil.serdes.registry.InMemorySchemaStore} itself,
 * which both of the in-process registries and {@link io.vigil.serdes.registry.EmbeddedSchemaRegistry} share so
 * that ids, versions and compatibility rules are the same whichever way a schema was registered.
 */
package io.vigil.serdes.registry;
