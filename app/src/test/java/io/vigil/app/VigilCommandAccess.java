package io.vigil.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line from tests in other packages, printing its output to the test log. */
public final class VigilCommandAccess {

    private VigilCommandAccess() {
    }

    /** Executes {@code args} exactly as {@code vigil} would; returns the exit code. */
    public static int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = VigilCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        System.out.print(out);
        System.out.print(err);
        return exit;
    }
}
