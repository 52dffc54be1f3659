package io.vigil.subscribers;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a subscriber ({@link CardBlocker}, {@link Notifier}, {@link AlertPrinter}) on the calling thread, as the
 * {@code vigil subscribe} commands do, until it ends or the JVM is asked to stop: a shutdown hook closes the
 * subscriber (which finishes the batch in hand and commits), and a status line is printed every
 * {@value #STATUS_SECONDS} seconds when it changed.
 */
public final class Foreground {

    static final int STATUS_SECONDS = 10;

    private Foreground() {
    }

    /**
     * @param name   the subscriber as the user knows it, in the status lines
     * @param status what it has done so far, in a few words
     * @throws IllegalStateException when the subscriber stops for a reason the user can act on (fenced, broken sink)
     */
    public static <S extends Runnable & AutoCloseable> void run(String name, S subscriber, Supplier<String> status,
                                                                PrintWriter log) {
        // On Ctrl-C or SIGTERM the JVM ends once the hooks are done, maybe before the finally below runs: the hook
        // itself closes the subscriber (which finishes the batch in hand and commits) and reports.
        Thread hook = new Thread(() -> {
            closeQuietly(subscriber);
            log.println(name + " stopped: " + status.get());
            log.flush();
        }, "vigil-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-" + name + "-status");
            t.setDaemon(true);
            return t;
        });
        String[] last = {""};
        ticker.scheduleAtFixedRate(() -> {
            String now = status.get();
            if (!now.equals(last[0])) {
                log.println(name + ": " + now);
                log.flush();
                last[0] = now;
            }
        }, STATUS_SECONDS, STATUS_SECONDS, TimeUnit.SECONDS);
        try {
            subscriber.run();
        } finally {
            ticker.shutdownNow();
            boolean hookRuns = false;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                hookRuns = true;
            }
            if (!hookRuns) {
                log.println(name + " stopped: " + status.get());
                log.flush();
            }
        }
    }

    private static void closeQuietly(AutoCloseable subscriber) {
        try {
            subscriber.close();
        } catch (Exception e) {
            System.err.println("Closing the subscriber failed: " + e);
        }
    }
}
