package io.vigil.app;

import picocli.CommandLine.Command;

/** {@code vigil subscribe NAME}: only dispatches to the subscribers. */
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
}
