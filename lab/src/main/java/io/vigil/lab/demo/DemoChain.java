package io.vigil.lab.demo;

import io.vigil.config.VigilConfig;
import io.vigil.events.Severity;
import io.vigil.subscribers.CardBlocker;
import io.vigil.subscribers.Notifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reactive chain of a demo run, in this process: the card-blocker (transactional, exactly once), the notifier
 * (delivering to the {@link ChainCollector}, which measures every stage), and the collector's own reader of the
 * alerts, actions and incidents topics. Escalation and the blocked-cards feedback run inside the stream instances.
 *
 * <p>The card-blocker's group and transactional id are fixed, so a demo against a reused cluster resumes where the
 * last one stopped instead of acting twice; the notifier's group is new per run, so it notifies about everything
 * the collector reads from the beginning.
 */
public final class DemoChain implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoChain.class);
    /** The card-blocker's threshold in the demo: the subscriber's own default. */
    static final Severity MIN_SEVERITY = Severity.HIGH;

    private final ChainCollector collector;
    private final CardBlocker blocker;
    private final Notifier notifier;
    private final List<Thread> threads = new ArrayList<>();

    private DemoChain(ChainCollector collector, CardBlocker blocker, Notifier notifier) {
        this.collector = collector;
        this.blocker = blocker;
        this.notifier = notifier;
    }

    public static DemoChain start(Map<String, Object> clients, VigilConfig config, PrintStream out) {
        ChainCollector collector = new ChainCollector(clients, config.topics(), MIN_SEVERITY);
        CardBlocker blocker = null;
        try {
            blocker = CardBlocker.create(clients, new CardBlocker.Settings(config.topics().alerts(),
                    config.topics().actions(), config.topics().dlq(), MIN_SEVERITY, "vigil-demo-card-blocker",
                    "demo"), CardBlocker.TransactionObserver.NONE);
            Notifier notifier = Notifier.create(clients, new Notifier.Settings(config.topics().alerts(),
                    config.topics().incidents(), config.topics().actions(), config.topics().dlq(),
                    "vigil-demo-notifier-" + System.currentTimeMillis()), collector);
            DemoChain chain = new DemoChain(collector, blocker, notifier);
            chain.threads.add(daemon("vigil-chain-collector", collector));
            chain.threads.add(daemon("vigil-card-blocker", blocker));
            chain.threads.add(daemon("vigil-notifier", notifier));
            out.printf(Locale.ROOT, "Reactive chain running: escalation in the stream instances (%d alerts within %s), "
                    + "card-blocker (severity >= %s), notifier%n", config.escalation().alerts(),
                    io.vigil.config.Durations.format(config.escalation().window()), MIN_SEVERITY);
            return chain;
        } catch (RuntimeException e) {
            collector.close();
            if (blocker != null) {
                blocker.close();
            }
            throw e;
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until every eligible alert has its action and every item its notification, and nothing new has arrived
     * for a few checks (a block can still raise a blocked-card alert, an alert an incident), or {@code timeout}.
     */
    public void awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastActivity = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long activity = collector.activity();
            quiet = collector.settled() && activity == lastActivity ? quiet + 1 : 0;
            if (quiet >= 3) {
                return;
            }
            lastActivity = activity;
            Thread.sleep(500);
        }
        log.warn("The reactive chain had not settled after {}; the summary shows what was missing", timeout);
    }

    public ChainSummary summary() {
        return collector.summary();
    }

    /** Short progress text: actions and notifications so far. */
    public String progress() {
        return String.format(Locale.ROOT, "actions %,d | notified %,d", blocker.actionsCommitted(), notifier.delivered());
    }

    @Override
    public void close() throws InterruptedException {
        blocker.close();
        notifier.close();
        collector.close();
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
