package io.vigil.serdes.registry;

import org.apache.avro.Schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process registries for {@code mock://scope} URLs, one {@link InMemorySchemaStore} per scope, so tests and
 * single-process tools need no registry server. Every serde configured with the same scope sees the same store,
 * which is why the scopes live in a static map; {@link #dropScope} forgets a scope so a test starts clean.
 */
public final class MockSchemaRegistry {

    /** The URL prefix that selects an in-process scope instead of an HTTP registry. */
    public static final String URL_PREFIX = "mock://";

    private static final Map<String, InMemorySchemaStore> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /**
     * A client for {@code scope}. It looks the scope up on every call, so after {@link #dropScope} it works against
     * the fresh store instead of the dropped one.
     */
    public static SchemaRegistryClient client(String scope) {
        return new ScopeClient(requireScope(scope));
    }

    /** The store behind {@code scope}, created on first use. */
    public static InMemorySchemaStore store(String scope) {
        return SCOPES.computeIfAbsent(requireScope(scope), s -> new InMemorySchemaStore());
    }

    /** Forgets everything registered in {@code scope}; the next use starts again at id 1. */
    public static void dropScope(String scope) {
        SCOPES.remove(requireScope(scope));
    }

    private static String requireScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank()) {
            throw new IllegalArgumentException("A mock:// scope needs a name, e.g. mock://vigil-test");
        }
        return scope;
    }

    /** Delegates to the scope's current store. */
    private record ScopeClient(String scope) implements SchemaRegistryClient {

        @Override
        public int register(String subject, Schema schema) {
            return store(scope).register(subject, schema);
        }

        @Override
        public int getId(String subject, Schema schema) {
            return store(scope).getId(subject, schema);
        }

        @Override
        public Schema getById(int id) {
            return store(scope).getById(id);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return store(scope).latest(subject);
        }

        @Override
        public List<String> subjects() {
            return store(scope).subjects();
        }

        @Override
        public String toString() {
            return "in-process schema registry " + URL_PREFIX + scope;
        }
    }
}
