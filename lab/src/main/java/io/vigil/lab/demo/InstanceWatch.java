package io.vigil.lab.demo;

import io.vigil.runtime.InstanceHealth;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Watches a run's stream instances and stops the run at the first failure: a demo whose detection has stopped
 * must not go on generating traffic nobody processes (issue 12: two oversized records took both instances down
 * while the demo kept sending, its lag growing without end). The first failure is kept, said once, and becomes
 * the reason the summary gives for a failed run.
 */
final class InstanceWatch {

    private final Supplier<Optional<InstanceHealth>> failures;
    private final Runnable stopGenerating;
    private final PrintStream out;
    private volatile String failure;

    /**
     * @param failures       the first failed instance, if any (e.g. {@code StreamInstances::failure})
     * @param stopGenerating ends the generator's run early; called once, at the first failure seen
     */
    InstanceWatch(Supplier<Optional<InstanceHealth>> failures, Runnable stopGenerating, PrintStream out) {
        this.failures = failures;
        this.stopGenerating = stopGenerating;
        this.out = out;
    }

    /** Looks once; called from the progress thread and before the drain. */
    void check() {
        if (failure != null) {
            return;
        }
        Optional<InstanceHealth> failed = failures.get();
        if (failed.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = failed.get().describe() + "; the demo stopped generating and did not wait for a drain";
        }
        out.println("FAILED: " + failure);
        stopGenerating.run();
    }

    /** Why the run failed, or null while no instance has. */
    String failure() {
        return failure;
    }
}
