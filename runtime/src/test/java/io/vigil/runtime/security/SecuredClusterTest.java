package io.vigil.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Directories;
import io.vigil.config.TopicNames;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.StreamInstances;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.serdes.testkit.Events;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Vigil on a secured cluster: a real broker with SASL_SSL, SCRAM-SHA-512 and the StandardAuthorizer, certificates
 * made at test time, and Vigil's detector principal holding exactly the ACLs that docs/operations.md lists
 * ({@link #detectorAcls}). Vigil connects through its ordinary configuration path (a properties file read by
 * {@link ConfigLoader}) with its secrets behind Kafka's file config provider, starts through
 * {@link KafkaEnvironment} and {@link StreamInstances} as its commands do, and detects under exactly-once.
 *
 * <p>Each misconfiguration must end in a clear error, not a hang: every failing start runs under a preemptive
 * bound far above its expected time, so a regression to "retry forever" fails the test instead of blocking it.
 */
class SecuredClusterTest {

    private static final String APPLICATION_ID = "vigil";
    private static final String DETECTOR = "vigil-detector";
    /**
     * Holds every detector ACL but the transactional-id one, for an application id of its own: an instance that
     * dies while joining stays in its group until the session times out, which would hold up the next test.
     */
    private static final String DETECTOR_WITHOUT_TXN = "vigil-detector-notxn";
    private static final String APPLICATION_ID_WITHOUT_TXN = "vigil-notxn";
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    private static Path dir;
    private static SecuredKafkaBroker broker;
    private static Admin admin;
    private static String registryScope;
    private static String detectorPassword;
    private static TopicNames topics;

    @BeforeAll
    static void startSecuredCluster() throws Exception {
        dir = Files.createTempDirectory("vigil-secured-");
        TestCertificates certificates = TestCertificates.create(dir, secret());
        broker = SecuredKafkaBroker.start(Files.createDirectory(dir.resolve("kafka")), certificates, secret());
        admin = Admin.create(broker.adminProperties());
        registryScope = "secured-" + UUID.randomUUID();
        detectorPassword = secret();
        topics = VigilConfig.defaults().topics();

        // An administrator creates Vigil's topics and users and grants the documented ACLs.
        TopicBootstrap.ensure(admin, topics);
        admin.alterUserScramCredentials(List.of(
                scram(DETECTOR, detectorPassword), scram(DETECTOR_WITHOUT_TXN, detectorPassword))).all().get();
        List<AclBinding> acls = new ArrayList<>(detectorAcls("User:" + DETECTOR, APPLICATION_ID, topics));
        detectorAcls("User:" + DETECTOR_WITHOUT_TXN, APPLICATION_ID_WITHOUT_TXN, topics).stream()
                .filter(acl -> acl.pattern().resourceType() != ResourceType.TRANSACTIONAL_ID)
                .forEach(acls::add);
        admin.createAcls(acls).all().get();
    }

    @AfterAll
    static void stopSecuredCluster() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(registryScope);
        Directories.deleteRecursively(dir);
    }

    /**
     * The detector principal's ACLs for {@code applicationId} with Vigil's default topic names, exactly as
     * docs/operations.md lists them.
     */
    static List<AclBinding> detectorAcls(String principal, String applicationId, TopicNames topics) {
        List<AclBinding> acls = new ArrayList<>();
        // Inputs, the rules (a global store), the actions (blocked cards) and the alerts (escalation reads them).
        for (String input : List.of(topics.transactions(), topics.telemetry(), topics.rules(), topics.actions(),
                topics.alerts())) {
            acls.add(allow(principal, ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.READ));
        }
        for (String output : List.of(topics.alerts(), topics.incidents(), topics.dlq())) {
            acls.add(allow(principal, ResourceType.TOPIC, output, PatternType.LITERAL, AclOperation.WRITE));
        }
        // Start-up checks that Vigil's topics exist (and that the rules topic is compacted); it creates none.
        for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(principal, ResourceType.TOPIC, "vigil.", PatternType.PREFIXED, operation));
        }
        // Kafka Streams' internal topics (changelogs, later repartition topics) are named <application.id>-...
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(principal, ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, operation));
        }
        acls.add(allow(principal, ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        // exactly_once_v2 producers use transactional ids <application.id>-<process id>-<thread>.
        acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED,
                AclOperation.WRITE));
        return acls;
    }

    @Test
    void shouldDetectUnderExactlyOnceWithOnlyTheDocumentedAclsAndSecretsFromAConfigProvider() throws Exception {
        // Given a properties file that names its secrets through the file config provider
        VigilConfig config = load(writeClientConfig("detector", DETECTOR, detectorPassword, "SASL_SSL",
                APPLICATION_ID));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        // When Vigil starts as its commands do and a card makes six payments within a minute
        try (KafkaEnvironment env = KafkaEnvironment.connect(config);
             StreamInstances instances = StreamInstances.start(env.config(), env.clientProperties(),
                     new SimpleMeterRegistry(), 1, out)) {
            produceBurst("card-secure");

            // Then the velocity alert is committed to the alerts topic
            List<Alert> alerts = readAlerts("card-secure", 1);
            assertEquals(1, alerts.size());
            assertEquals("velocity", alerts.get(0).getRuleId());
            instances.checkHealthy();
        }
        // And neither the secrets nor the settings that hold them were printed
        String all = printed + "\n" + config.kafka();
        assertFalse(all.contains(detectorPassword), all);
        assertFalse(all.contains("ScramLoginModule"), all);
    }

    @Test
    void shouldFailWithAClearMessageWhenThePasswordIsWrong() throws Exception {
        VigilConfig config = load(writeClientConfig("wrong-password", DETECTOR, "not-the-password", "SASL_SSL",
                APPLICATION_ID));

        ActionableException e = assertThrows(ActionableException.class, () -> assertTimeoutPreemptively(
                HANG_GUARD, () -> KafkaEnvironment.connect(config).close()));

        assertTrue(e.getMessage().contains("refused the credentials"), e::getMessage);
        assertTrue(e.getMessage().contains("SCRAM-SHA-512"), e::getMessage);
        assertFalse(e.getMessage().contains("not-the-password"), e::getMessage);
    }

    @Test
    void shouldStopWithAClearMessageWhenTheTransactionalIdAclIsMissing() throws Exception {
        VigilConfig config = load(writeClientConfig("no-txn", DETECTOR_WITHOUT_TXN, detectorPassword, "SASL_SSL",
                APPLICATION_ID_WITHOUT_TXN));

        try (KafkaEnvironment env = KafkaEnvironment.connect(config)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> assertTimeoutPreemptively(
                    HANG_GUARD, () -> StreamInstances.start(env.config(), env.clientProperties(),
                            new SimpleMeterRegistry(), 1, nullStream()).close()));

            assertTrue(e.getMessage().contains("failed while starting"), e::getMessage);
            assertTrue(e.getMessage().contains("TransactionalIdAuthorizationException"), e::getMessage);
        }
    }

    @Test
    void shouldFailWithAClearMessageWhenConnectingInPlaintextToTheTlsListener() throws Exception {
        VigilConfig config = load(writeClientConfig("plaintext", DETECTOR, detectorPassword, "PLAINTEXT",
                APPLICATION_ID));

        ActionableException e = assertThrows(ActionableException.class, () -> assertTimeoutPreemptively(
                HANG_GUARD, () -> KafkaEnvironment.connect(config).close()));

        assertTrue(e.getMessage().startsWith("No answer from Kafka at " + broker.bootstrapServers()
                + " (security.protocol=PLAINTEXT)"), e::getMessage);
        assertTrue(e.getMessage().contains("security.protocol matches the broker's listener"), e::getMessage);
    }

    /**
     * A properties file as an operator would write it: connection settings in the clear, the password and the
     * trust store password in a separate secrets file read through Kafka's {@code FileConfigProvider}.
     */
    private static Path writeClientConfig(String name, String user, String password, String protocol,
                                          String applicationId) throws IOException {
        Map<String, Object> client = broker.clientProperties(user, password);
        Path secrets = dir.resolve(name + "-secrets.properties");
        Files.writeString(secrets, "password=" + password + "\ntruststore.password="
                + client.get("ssl.truststore.password") + "\n");
        String reference = "${file:" + secrets + ":";
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=" + broker.bootstrapServers(),
                "schema.registry.url=mock://" + registryScope,
                "security.protocol=" + protocol,
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + reference + "password}\";",
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + client.get("ssl.truststore.location"),
                "ssl.truststore.password=" + reference + "truststore.password}",
                "config.providers=file",
                "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "vigil.application.id=" + applicationId,
                "vigil.state.dir=" + dir.resolve("state-" + name),
                "vigil.topic.partitions=" + topics.partitions(),
                ""));
        return file;
    }

    private static VigilConfig load(Path file) {
        return ConfigLoader.load(Map.of(), Optional.of(file), Map.of());
    }

    private static void produceBurst(String card) throws Exception {
        Map<String, Object> props = broker.adminProperties();
        props.put("schema.registry.url", "mock://" + registryScope);
        Instant now = Instant.now();
        try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerdes.specific(Transaction.class, props, false).serializer())) {
            for (int i = 0; i < 6; i++) {
                Transaction tx = Events.aTransaction().id(card + "-" + i).card(card).at(now.minusSeconds(30 - 5L * i))
                        .merchant("m-" + i).build();
                producer.send(new ProducerRecord<>(topics.transactions(), card, tx)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Alert> readAlerts(String card, int expected) {
        Map<String, Object> props = broker.adminProperties();
        props.put("schema.registry.url", "mock://" + registryScope);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                AvroSerdes.specific(Alert.class, props, false).deserializer())) {
            consumer.subscribe(List.of(topics.alerts()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (alerts.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(500))) {
                    if (card.equals(record.key())) {
                        alerts.add(record.value());
                    }
                }
            }
        }
        return alerts;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static UserScramCredentialUpsertion scram(String user, String password) {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                password);
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }

}
