package io.vigil.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KnownNoiseFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final KnownNoiseFilter filter = new KnownNoiseFilter();

    @BeforeEach
    void configure() {
        filter.setContext(context);
        filter.addSuppress("org.apache.kafka.clients.NetworkClient|already been closed");
        filter.addSuppress("kafka.server.ReplicaManager|Expected sequence 0 for transactions v2");
        filter.addSuppress("org.apache.kafka.clients.producer.internals.Sender|Error: CONCURRENT_TRANSACTIONS");
        filter.start();
    }

    @Test
    void shouldDropEventWhenLoggerMatchesAndMessageContainsText() {
        assertEquals(FilterReply.DENY, filter.decide(event("org.apache.kafka.clients.NetworkClient",
                "[NodeToControllerChannelManager id=1] Attempting to close NetworkClient that has already been closed.")));
    }

    @Test
    void shouldKeepEventWhenOnlyTheLoggerMatches() {
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("org.apache.kafka.clients.NetworkClient",
                "Connection to node -1 (localhost/127.0.0.1:9092) could not be established.")));
    }

    @Test
    void shouldKeepEventWhenOnlyTheTextMatches() {
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("io.vigil.Other", "already been closed")));
    }

    @Test
    void shouldMatchTheFormattedMessageWhenTheTextComesFromAnArgument() {
        LoggingEvent retry = new LoggingEvent(Logger.class.getName(),
                context.getLogger("org.apache.kafka.clients.producer.internals.Sender"), Level.WARN,
                "Got error produce response on topic-partition {}, retrying ({} attempts left). Error: {}", null,
                new Object[] {"vigil-card-state-changelog-3", 2147483646, "CONCURRENT_TRANSACTIONS"});

        assertEquals(FilterReply.DENY, filter.decide(retry));
    }

    @Test
    void shouldHideEveryTransactionRetryButKeepOtherSenderWarningsWhenGivenTheRulesOfLogbackXml() throws Exception {
        // Given the rules the vigil command line runs with
        KnownNoiseFilter shipped = new KnownNoiseFilter();
        shipped.setContext(context);
        String xml;
        try (var in = KnownNoiseFilterTest.class.getResourceAsStream("/logback.xml")) {
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.regex.Matcher rule = java.util.regex.Pattern.compile("<suppress>(.*?)</suppress>").matcher(xml);
        while (rule.find()) {
            shipped.addSuppress(rule.group(1));
        }
        Logger sender = context.getLogger("org.apache.kafka.clients.producer.internals.Sender");
        String retry = "Got error produce response with correlation id 347 on topic-partition {}, retrying ({} attempts "
                + "left). Error: {}";

        // When the producer retries a second time (a loaded machine's first screen showed this one), and when
        // it reports an error that is not one of the known retries
        LoggingEvent secondRetry = new LoggingEvent(Logger.class.getName(), sender, Level.WARN, retry, null,
                new Object[] {"vigil-card-state-changelog-1", 2147483645, "CONCURRENT_TRANSACTIONS"});
        LoggingEvent other = new LoggingEvent(Logger.class.getName(), sender, Level.WARN, retry, null,
                new Object[] {"vigil-card-state-changelog-1", 2147483645, "NOT_ENOUGH_REPLICAS"});

        // Then only the known retry is hidden
        assertEquals(FilterReply.DENY, shipped.decide(secondRetry));
        assertEquals(FilterReply.NEUTRAL, shipped.decide(other));
    }

    @Test
    void shouldMatchTheExceptionMessageAndKeepOtherErrorsOfTheSameLogger() {
        Logger replicaManager = context.getLogger("kafka.server.ReplicaManager");
        LoggingEvent retriable = new LoggingEvent(Logger.class.getName(), replicaManager, Level.ERROR,
                "Error processing append operation on partition x-1",
                new IllegalStateException("Invalid sequence number: 20. Expected sequence 0 for transactions v2 "
                        + "idempotent producer with no existing state."), null);
        LoggingEvent other = new LoggingEvent(Logger.class.getName(), replicaManager, Level.ERROR,
                "Error processing append operation on partition x-1", new IllegalStateException("disk full"), null);

        assertEquals(FilterReply.DENY, filter.decide(retriable));
        assertEquals(FilterReply.NEUTRAL, filter.decide(other));
    }

    @Test
    void shouldReportErrorAndIgnoreRuleWhenRuleHasNoSeparator() {
        filter.addSuppress("no separator here");

        assertEquals(Status.ERROR, new StatusUtil(context).getHighestLevel(0));
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("no separator here", "no separator here")));
    }

    private LoggingEvent event(String loggerName, String message) {
        Logger logger = context.getLogger(loggerName);
        return new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, null, null);
    }
}
