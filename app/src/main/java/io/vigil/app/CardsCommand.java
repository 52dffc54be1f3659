package io.vigil.app;

import picocli.CommandLine.Command;

/** {@code vigil cards}: only dispatches to {@code unblock}. */
@Command(name = "cards",
        mixinStandardHelpOptions = true,
        description = "Analyst actions on cards, written as events to the actions topic exactly as the console's "
                + "buttons write them.",
        subcommands = {CardsUnblockCommand.class})
final class CardsCommand {
}
