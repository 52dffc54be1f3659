package io.vigil.app;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, exactly as {@code vigil} would, and keeps everything it printed. */
final class CapturedRun {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Executes {@code args}, appending to {@link #out} and {@link #err}; returns the exit code. */
    int execute(String... args) {
        CommandLine commandLine = VigilCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
