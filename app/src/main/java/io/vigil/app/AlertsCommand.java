package io.vigil.app;

import picocli.CommandLine.Command;

/** {@code vigil alerts}: only dispatches to {@code label}. */
@Command(name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Analyst actions on alerts, written as events exactly as the console's buttons write them.",
        subcommands = {AlertsLabelCommand.class})
final class AlertsCommand {
}
