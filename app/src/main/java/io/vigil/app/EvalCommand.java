package io.vigil.app;

import picocli.CommandLine.Command;

/** {@code vigil eval}: only dispatches to the evaluations on external data. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = "Scores Vigil's detectors on data nobody here made, with the benchmark's own rules.",
        subcommands = {EvalNabCommand.class})
final class EvalCommand {
}
