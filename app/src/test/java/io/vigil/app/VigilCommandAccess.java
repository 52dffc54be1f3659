package io.vigil.app;

/** Runs the command line from tests in other packages, printing its output to the test log. */
public final class VigilCommandAccess {

    private VigilCommandAccess() {
    }

    /** Executes {@code args} exactly as {@code vigil} would; returns the exit code. */
    public static int run(String... args) {
        CapturedRun vigil = new CapturedRun();
        int exit = vigil.execute(args);
        System.out.print(vigil.out);
        System.out.print(vigil.err);
        return exit;
    }
}
