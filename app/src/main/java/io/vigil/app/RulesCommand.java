package io.vigil.app;

import picocli.CommandLine.Command;

/** {@code vigil rules}: only dispatches to {@code apply} and {@code list}. */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        description = {
                "Rules as data: detection rules live on the compacted rules topic (vigil.rules), keyed by rule id and "
                        + "versioned. Running stream instances apply a published change to the events that follow, "
                        + "without a restart, and every alert names the rule version that fired it.",
                "Until the topic holds a rule, the configured rules (vigil.rules.file, or the built-in "
                        + "vigil-rules.yaml) are in force."
        },
        subcommands = {RulesApplyCommand.class, RulesListCommand.class})
final class RulesCommand {
}
