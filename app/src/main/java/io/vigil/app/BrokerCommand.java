package io.vigil.app;

import io.vigil.runtime.ActionableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.vigil.embedded.EmbeddedKafkaBroker;

import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vigil broker}: runs the embedded single-node Kafka broker in its own process until it is
 * stopped.
 *
 * <p>Why: the distributed shape (several {@code vigil detect} instances, a generator, the
 * subscribers, each in its own process) needs a broker they all reach. This gives one without
 * Docker or a Kafka download, and it is the same broker the embedded default uses in-process.
 *
 * <p>The shutdown hook is registered before the broker starts and waits for the start to finish,
 * so Ctrl-C during start-up still stops the broker cleanly and deletes its temporary directory.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a single-node Kafka broker (KRaft, broker and controller in one) in this process "
                        + "until Ctrl-C or SIGTERM.",
                "Topics are not created automatically; Vigil commands create the ones they need."
        })
final class BrokerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    /** Long enough for a slow start to finish before the hook closes what it started. */
    private static final long SHUTDOWN_WAIT_FOR_START_MS =
            EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT.toMillis() + 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Keep the broker's data in DIR and reuse it on the next run "
                    + "(default: a temporary directory deleted at exit).")
    private Path dir;

    @Option(names = "--partitions", defaultValue = "" + EmbeddedKafkaBroker.DEFAULT_PARTITIONS,
            paramLabel = "N",
            description = "Partitions of a topic created without a count (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        AtomicReference<EmbeddedKafkaBroker> running = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch startFinished = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            stop(running, startFinished, stopped);
        }, "vigil-broker-shutdown"));
        try {
            running.set(start());
        } catch (RuntimeException | Error e) {
            if (stopping.get()) {
                // Ctrl-C during start-up: Kafka cannot finish starting in a JVM that is shutting
                // down. The user asked for this, and the signal decides the exit status.
                LOG.debug("Start-up interrupted by shutdown", e);
                return 1;
            }
            throw e;
        } finally {
            startFinished.countDown();
        }
        printReady(running.get());
        stopped.await();
        return 0;
    }

    private void validate() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value '" + port + "' for option '--port': must be 0..65535");
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value '" + partitions + "' for option '--partitions': must be >= 1");
        }
    }

    private EmbeddedKafkaBroker start() {
        try {
            return EmbeddedKafkaBroker.start(port, dir, partitions, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            throw new ActionableException(e.getMessage()
                    + "; choose another with --port, or --port 0 for any free port", e);
        } catch (IllegalArgumentException e) {
            throw new ActionableException(e.getMessage(), e);
        }
    }

    private void printReady(EmbeddedKafkaBroker broker) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Kafka %s broker (KRaft) ready in %.1f s%n",
                AppInfoParser.getVersion(), broker.startupTime().toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  bootstrap.servers=%s%n", broker.bootstrapServers());
        out.printf(Locale.ROOT, "  data: %s%s%n", broker.dataDir(),
                dir == null ? " (deleted at exit)" : "");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** Runs in the shutdown hook: waits for a start in progress, then closes what it started. */
    private static void stop(AtomicReference<EmbeddedKafkaBroker> running,
            CountDownLatch startFinished, CountDownLatch stopped) {
        try {
            if (!startFinished.await(SHUTDOWN_WAIT_FOR_START_MS, TimeUnit.MILLISECONDS)) {
                return;
            }
            EmbeddedKafkaBroker broker = running.get();
            if (broker != null) {
                broker.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }
}
