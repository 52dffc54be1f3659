package io.vigil.topology;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Kafka Streams instance of Vigil: several of them, in one process or many, share the work of one
 * {@code application.id}.
 *
 * <p>An exception that escapes the handlers is logged and shuts this client down (state ERROR) rather than
 * silently replacing the thread: a detector that fails on every record should be seen, not retried forever.
 */
public final class StreamInstance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamInstance.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String instanceId;
    private final KafkaStreams streams;
    /** Counted down at the first RUNNING or ERROR, whichever comes first. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private boolean leaveGroupOnClose;

    public StreamInstance(String instanceId, Topology topology, Properties properties) {
        this.instanceId = instanceId;
        // The silence check asks how much input waits (InputLag); the consumers that know are built with the
        // KafkaStreams object, so the lag travels in the configuration and is bound to the instance right after.
        ConsumerInputLag lag = new ConsumerInputLag();
        Properties withLag = new Properties();
        withLag.putAll(properties);
        withLag.put(InputLag.CONFIG, lag);
        this.streams = new KafkaStreams(topology, withLag);
        lag.bind(streams);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            log.error("Stream instance {} failed; shutting it down", instanceId, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            log.debug("Stream instance {}: {} -> {}", instanceId, oldState, newState);
            if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR) {
                settled.countDown();
            }
            listeners.forEach(listener -> listener.onChange(newState, oldState));
        });
    }

    public String instanceId() {
        return instanceId;
    }

    public void start() {
        streams.start();
    }

    /**
     * Blocks until the instance has joined the group and is processing, or fails with the reason it did not.
     * An instance that dies while starting (refused credentials, a missing ACL) ends the wait at once with
     * an {@link IllegalStateException} naming the cause, instead of running into the timeout.
     */
    public void awaitRunning(Duration timeout) throws InterruptedException, TimeoutException {
        if (!settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("Stream instance " + instanceId + " not RUNNING after " + timeout
                    + " (state " + streams.state() + ")" + (failure == null ? "" : ": " + causes(failure)));
        }
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.PENDING_ERROR) {
            throw new IllegalStateException("Stream instance " + instanceId + " failed while starting: "
                    + (failure == null ? "state " + streams.state() : causes(failure)), failure);
        }
    }

    /**
     * Also tells {@code listener} about every state change (Kafka Streams itself takes only one listener, which
     * this class uses). Called on the Streams thread that changed the state: keep it short.
     */
    public void addStateListener(KafkaStreams.StateListener listener) {
        listeners.add(listener);
    }

    /**
     * The messages of {@code e} and its causes, outermost first, so the root cause is never hidden; each message
     * is cut to its first line and before a {@code stacktrace=} that Kafka Streams appends to some of its own.
     */
    public static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(firstLine(t.getMessage()));
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "null";
        }
        int trace = message.indexOf(", stacktrace=");
        String cut = trace < 0 ? message : message.substring(0, trace);
        int newline = cut.indexOf('\n');
        return (newline < 0 ? cut : cut.substring(0, newline)).strip();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The error that stopped this instance, or null. */
    public Throwable failure() {
        return failure;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Makes {@link #close} leave the consumer group at once, for an application that will not come back (a bench
     * stage): by default Kafka Streams stays a member until its session times out, and a group with members cannot
     * be deleted.
     */
    public StreamInstance leavingGroupOnClose() {
        leaveGroupOnClose = true;
        return this;
    }

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    public void close(Duration timeout) {
        boolean closed = leaveGroupOnClose
                ? streams.close(CloseOptions.timeout(timeout)
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))
                : streams.close(timeout);
        if (!closed) {
            log.warn("Stream instance {} did not close within {}", instanceId, timeout);
        }
    }
}
