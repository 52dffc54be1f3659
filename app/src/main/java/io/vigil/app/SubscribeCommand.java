package io.vigil.app;

import io.vigil.runtime.ActionableException;
import io.vigil.subscribers.Foreground;

import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** {@code vigil subscribe NAME}: dispatches to the subscribers and runs the chosen one in the foreground. */
@Command(name = "subscribe",
        mixinStandardHelpOptions = true,
        description = {
                "Runs one alert subscriber in this process until Ctrl-C or SIGTERM. Each is its own process; several "
                        + "can run at once, and instances of one subscriber with the same --group share the work.",
                "  card-blocker   one BLOCK_CARD action per eligible fraud alert, exactly once (transactional)",
                "  notifier       one notification per alert, incident and action, to a webhook, a file or stdout",
                "  alert-printer  prints every alert as one line"
        },
        subcommands = {CardBlockerCommand.class, NotifierCommand.class, AlertPrinterCommand.class})
final class SubscribeCommand {

    /**
     * Runs {@code subscriber} in the foreground ({@link Foreground}); a subscriber that stops for a reason the user
     * can act on (fenced by a twin, a broken sink) says so in its message, which is all the user needs to see.
     */
    static <S extends Runnable & AutoCloseable> void runInForeground(String name, S subscriber, Supplier<String> status,
                                                                     PrintWriter log) {
        try {
            Foreground.run(name, subscriber, status, log);
        } catch (IllegalStateException e) {
            throw new ActionableException(e.getMessage(), e);
        }
    }
}
