package io.vigil.runtime.security;

import io.vigil.config.LocalPorts;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker in this JVM, secured the way a production cluster is: clients connect over
 * SASL_SSL with SCRAM-SHA-512, and the StandardAuthorizer allows nothing that no ACL grants (the super user
 * aside).
 *
 * <p>A test fixture, next to {@code EmbeddedKafkaBroker} rather than inside it, because the embedded default
 * must stay a zero-configuration PLAINTEXT broker. The super user {@code admin} exists before the broker
 * starts: its SCRAM credential is written into the metadata at format time, as {@code kafka-storage.sh format
 * --add-scram} does, since the broker itself authenticates as admin between its listeners. The controller
 * listener (loopback only, used by this node to reach its own controller) authenticates admin with SASL/PLAIN,
 * because SCRAM credentials live in the metadata the controller serves and cannot protect the controller itself.
 */
final class SecuredKafkaBroker implements AutoCloseable {

    static final String ADMIN = "admin";
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final TestCertificates certificates;
    private final String adminPassword;

    private SecuredKafkaBroker(KafkaRaftServer server, String bootstrapServers, TestCertificates certificates,
                               String adminPassword) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.certificates = certificates;
        this.adminPassword = adminPassword;
    }

    static SecuredKafkaBroker start(Path dataDir, TestCertificates certificates, String adminPassword)
            throws Exception {
        int brokerPort = LocalPorts.free();
        int controllerPort = LocalPorts.free();
        Map<String, String> props = properties(brokerPort, controllerPort, dataDir, certificates, adminPassword);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(dataDir.toString())
                .addDirectory(dataDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(List.of("SCRAM-SHA-512=[name=" + ADMIN + ",password=" + adminPassword + "]"))
                .run();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        SecuredKafkaBroker broker = new SecuredKafkaBroker(server, HOST + ":" + brokerPort, certificates, adminPassword);
        try {
            broker.awaitReady(Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static Map<String, String> properties(int brokerPort, int controllerPort, Path dataDir,
                                                  TestCertificates certificates, String adminPassword) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "SASL_SSL://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "SASL_SSL");

        p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\";");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", certificates.keyStore().toString());
        p.put("ssl.keystore.password", certificates.password());
        p.put("ssl.key.password", certificates.password());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certificates.trustStore().toString());
        p.put("ssl.truststore.password", certificates.password());

        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");

        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client settings for {@code user} over SASL_SSL with SCRAM-SHA-512, trusting the test certificate. */
    Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certificates.trustStore().toString());
        p.put("ssl.truststore.password", certificates.password());
        return p;
    }

    Map<String, Object> adminProperties() {
        return clientProperties(ADMIN, adminPassword);
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = e;
                    Thread.sleep(200);
                }
            }
        }
        throw new IllegalStateException("secured broker at " + bootstrapServers + " not ready within " + timeout, last);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

}
