package io.vigil.serdes.registry;

import static io.vigil.serdes.registry.TestSchemas.PAYMENT_INCOMPATIBLE;
import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V1;
import static io.vigil.serdes.registry.TestSchemas.PAYMENT_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The REST client against the embedded server, over real HTTP on 127.0.0.1. */
class RestSchemaRegistryClientTest {

    private EmbeddedSchemaRegistry server;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void startServer() {
        server = EmbeddedSchemaRegistry.start(0);
        client = new RestSchemaRegistryClient(server.url());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldReturnGlobalIdsWhenSchemasAreRegistered() {
        // When two versions are registered, the first one twice, and the second under another subject too
        int first = client.register("payments-value", PAYMENT_V1);
        int again = new RestSchemaRegistryClient(server.url()).register("payments-value", PAYMENT_V1);
        int second = client.register("payments-value", PAYMENT_V2);
        int shared = client.register("refunds-value", PAYMENT_V2);

        // Then the server assigned ids as Confluent does, and holds exactly these versions
        assertEquals(List.of(1, 1, 2, 2), List.of(first, again, second, shared));
        assertEquals(List.of(1, 2), server.store().versions("payments-value"));
        assertEquals(List.of(1), server.store().versions("refunds-value"));
    }

    @Test
    void shouldFindTheIdWhenSchemaWasRegisteredByAnotherClient() {
        // Given a schema registered in the server's store, not through this client
        int id = server.store().register("payments-value", PAYMENT_V2);

        // When this client looks it up (POST /subjects/{subject})
        int found = client.getId("payments-value", PAYMENT_V2);

        // Then it gets the registered id, and nothing new was registered
        assertEquals(id, found);
        assertEquals(List.of(1), server.store().versions("payments-value"));
    }

    @Test
    void shouldSurfaceNotFoundWhenLookingUpASchemaTheSubjectDoesNotHold() {
        // Given a subject holding only version 1
        server.store().register("payments-value", PAYMENT_V1);

        // When an unknown subject and an unregistered schema are looked up
        SchemaNotFoundException noSubject = assertThrows(SchemaNotFoundException.class,
                () -> client.getId("unknown-value", PAYMENT_V1));
        SchemaNotFoundException noSchema = assertThrows(SchemaNotFoundException.class,
                () -> client.getId("payments-value", PAYMENT_V2));

        // Then the HTTP status and Confluent codes come through, and the message names the request
        assertEquals(404, noSubject.httpStatus());
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, noSubject.errorCode());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noSchema.errorCode());
        assertTrue(noSubject.getMessage().contains("POST " + server.url() + "/subjects/unknown-value"),
                noSubject.getMessage());
        assertTrue(noSubject.getMessage().contains("Subject 'unknown-value' not found"), noSubject.getMessage());
    }

    @Test
    void shouldFetchTheSchemaWhenAskedById() {
        // Given two schemas in the server
        server.store().register("payments-value", PAYMENT_V1);
        int id = server.store().register("payments-value", PAYMENT_V2);

        // When the second is fetched by id, and an unknown id is fetched
        SchemaNotFoundException unknown = assertThrows(SchemaNotFoundException.class, () -> client.getById(99));

        // Then the schema is the registered one, and the unknown id is a 40403 naming the id
        assertEquals(PAYMENT_V2, client.getById(id));
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, unknown.errorCode());
        assertTrue(unknown.getMessage().contains("Schema 99 not found"), unknown.getMessage());
    }

    @Test
    void shouldReadTheNewestVersionWhenAskedForLatest() {
        // Given two versions
        client.register("payments-value", PAYMENT_V1);
        client.register("payments-value", PAYMENT_V2);

        // When the latest is read
        RegisteredSchema latest = client.latest("payments-value");

        // Then it is version 2 with its id and schema
        assertEquals(new RegisteredSchema("payments-value", 2, 2, PAYMENT_V2), latest);
        assertThrows(SchemaNotFoundException.class, () -> client.latest("unknown-value"));
    }

    @Test
    void shouldSurface409WhenTheSchemaIsIncompatible() {
        // Given version 1
        client.register("payments-value", PAYMENT_V1);

        // When a schema that cannot read version 1's data is registered
        IncompatibleSchemaException error = assertThrows(IncompatibleSchemaException.class,
                () -> client.register("payments-value", PAYMENT_INCOMPATIBLE));

        // Then the 409 arrives as its own exception, saying why, and the subject is unchanged
        assertEquals(409, error.httpStatus());
        assertEquals(409, error.errorCode());
        assertTrue(error.getMessage().contains("HTTP 409"), error.getMessage());
        assertTrue(error.getMessage().contains("incompatible with an earlier schema for subject 'payments-value'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), error.getMessage());
        assertEquals(List.of(1), server.store().versions("payments-value"));
    }

    @Test
    void shouldListSubjectsSortedWhenAsked() {
        client.register("vigil.transactions-value", PAYMENT_V1);
        client.register("vigil.alerts-value", PAYMENT_V1);
        client.register("vigil.alerts-key", PAYMENT_V1);

        assertEquals(List.of("vigil.alerts-key", "vigil.alerts-value", "vigil.transactions-value"), client.subjects());
    }

    @Test
    void shouldKeepSubjectNameIntactWhenItHoldsCharactersThatNeedEncoding() {
        // Given a subject name with a space, a slash, a plus and a non-ASCII letter
        String subject = "team a/payments+ü-value";

        // When it is registered and read back over HTTP
        int id = client.register(subject, PAYMENT_V1);

        // Then the server stored exactly that subject name
        assertEquals(List.of(subject), server.store().subjects());
        assertEquals(id, client.latest(subject).id());
    }

    @Test
    void shouldAnswerFromCacheWhenTheRegistryIsGoneAfterFirstLookup() {
        // Given a schema registered and fetched once
        int id = client.register("payments-value", PAYMENT_V1);
        server.store().register("refunds-value", PAYMENT_V2);
        int otherId = client.getId("refunds-value", PAYMENT_V2);
        client.getById(otherId);

        // When the registry goes away
        server.close();

        // Then the hot-path calls still answer, with no HTTP call, and a new question fails clearly
        assertEquals(id, client.register("payments-value", PAYMENT_V1));
        assertEquals(id, client.getId("payments-value", PAYMENT_V1));
        assertEquals(PAYMENT_V1, client.getById(id));
        assertEquals(PAYMENT_V2, client.getById(otherId));
        SchemaRegistryException unreachable = assertThrows(SchemaRegistryException.class, () -> client.getById(99));
        assertEquals(SchemaRegistryException.NO_RESPONSE, unreachable.httpStatus());
        assertTrue(unreachable.getMessage().contains("Could not reach the schema registry"),
                unreachable.getMessage());
    }

    @Test
    void shouldTryTheNextUrlWhenTheFirstRefusesConnections() throws IOException {
        // Given a first URL where nothing listens, then the real server
        String deadUrl = "http://127.0.0.1:" + closedPort();
        RestSchemaRegistryClient failover = new RestSchemaRegistryClient(deadUrl + ", " + server.url());

        // When the client registers and reads
        int id = failover.register("payments-value", PAYMENT_V1);

        // Then the second URL served both requests
        assertEquals(1, id);
        assertEquals(new RegisteredSchema("payments-value", 1, 1, PAYMENT_V1), failover.latest("payments-value"));
    }

    @Test
    void shouldNameEveryUrlWhenNoRegistryCanBeReached() throws IOException {
        // Given two URLs where nothing listens
        String first = "http://127.0.0.1:" + closedPort();
        String second = "http://127.0.0.1:" + closedPort();
        RestSchemaRegistryClient unreachable = new RestSchemaRegistryClient(List.of(URI.create(first),
                URI.create(second)), Duration.ofSeconds(2), Duration.ofSeconds(2), Optional.empty());

        // When a schema is registered
        SchemaRegistryException error = assertThrows(SchemaRegistryException.class,
                () -> unreachable.register("payments-value", PAYMENT_V1));

        // Then the error says no registry answered and lists both URLs
        assertEquals(SchemaRegistryException.NO_RESPONSE, error.httpStatus());
        assertTrue(error.getMessage().contains(first) && error.getMessage().contains(second), error.getMessage());
    }

    @Test
    void shouldSendBasicCredentialsWhenUserInfoIsConfigured() throws IOException {
        // Given a registry stand-in that records the Authorization header
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recorder.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        recorder.start();
        try {
            RestSchemaRegistryClient withAuth = new RestSchemaRegistryClient(
                    List.of(URI.create("http://127.0.0.1:" + recorder.getAddress().getPort())), Duration.ofSeconds(2),
                    Duration.ofSeconds(2), Optional.of("vigil:s3cret"));

            // When the client makes a request
            withAuth.subjects();

            // Then it sent HTTP basic credentials for vigil:s3cret
            assertEquals("Basic dmlnaWw6czNjcmV0", authorization.get());
        } finally {
            recorder.stop(0);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
