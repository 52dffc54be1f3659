package io.vigil.runtime;


import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before anything else talks to a configured cluster, that Vigil can connect and authenticate, and turns
 * the ways this fails into one line that says what to fix.
 *
 * <p>Why a separate check: Kafka clients retry connection problems for a long time, and some mistakes look like
 * silence rather than an error. A client speaking PLAINTEXT to a TLS or SASL listener never gets an answer (the
 * broker drops the connection), so without a deadline the command would hang; with one it says that
 * {@code security.protocol} may not match the listener. Refused SCRAM credentials and TLS handshake failures do
 * raise errors, but deep inside the first request that happens to hit them. Only connection settings are named
 * in messages, never a credential.
 */
public final class ClusterPreflight {

    /** How long the cluster gets to answer one metadata request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private ClusterPreflight() {
    }

    /**
     * Asks the cluster to describe itself with the client settings in {@code properties}.
     *
     * @throws ActionableException saying what failed and which settings to check
     */
    public static void check(Map<String, ?> properties, Duration timeout) {
        Map<String, Object> props = new HashMap<>(properties);
        // One request within the deadline: the admin client's own retries would outlast it.
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        String where = describe(properties);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), where, timeout);
        } catch (TimeoutException e) {
            throw failure(e, where, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionableException("Interrupted while connecting to Kafka at " + where, e);
        }
    }

    private static ActionableException failure(Throwable cause, String where, Duration timeout) {
        if (cause instanceof SaslAuthenticationException) {
            return new ActionableException("Kafka at " + where + " refused the credentials: " + cause.getMessage()
                    + ". Check the user name and password in sasl.jaas.config (or the secret it refers to).", cause);
        }
        if (cause instanceof SslAuthenticationException) {
            return new ActionableException("TLS handshake with Kafka at " + where + " failed: " + cause.getMessage()
                    + ". Check ssl.truststore.location and ssl.truststore.password: the truststore must hold the CA "
                    + "that signed the brokers' certificates.", cause);
        }
        if (cause instanceof AuthenticationException) {
            return new ActionableException("Kafka at " + where + " did not authenticate this client: "
                    + cause.getMessage(), cause);
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new ActionableException("No answer from Kafka at " + where + " within " + timeout.toSeconds()
                    + "s. Check bootstrap.servers, and that security.protocol matches the broker's listener: a "
                    + "PLAINTEXT client connecting to an SSL or SASL_SSL listener gets no answer, only closed "
                    + "connections (the broker logs a failed handshake).", cause);
        }
        return new ActionableException("Cannot connect to Kafka at " + where + ": " + cause, cause);
    }

    /** Address, protocol and mechanism: enough to recognise a mismatch, and never a secret. */
    private static String describe(Map<String, ?> properties) {
        Object protocol = properties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        Object mechanism = properties.get(SaslConfigs.SASL_MECHANISM);
        String text = properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " (security.protocol="
                + (protocol == null ? CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL : protocol);
        if (protocol != null && String.valueOf(protocol).startsWith("SASL")) {
            text += ", sasl.mechanism=" + (mechanism == null ? SaslConfigs.DEFAULT_SASL_MECHANISM : mechanism);
        }
        return text + ")";
    }
}
