package io.vigil.lab.chaos;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The faults {@code vigil chaos} can inject, by the names the command line takes. */
public enum ChaosScenario {
    /** kill -9 an instance three times while load flows (a different one each time), restart it on its state. */
    CRASH_ROTATION("crash-rotation"),
    /** SIGSTOP an instance past its session timeout, then SIGCONT it: its stale writes must not appear. */
    ZOMBIE("zombie"),
    /** Undeserializable and unprocessable records mixed into the input: all to the DLQ, exactly once. */
    POISON("poison"),
    /** kill -9 the broker mid-load and restart it on the same directory and port. */
    BROKER_RESTART("broker-restart"),
    /** kill -9 an instance, delete its state directory, restart it: it restores from the changelogs. */
    STATE_LOSS("state-loss");

    private final String id;

    ChaosScenario(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The scenario named {@code id}, e.g. {@code crash-rotation}. */
    public static ChaosScenario of(String id) {
        for (ChaosScenario scenario : values()) {
            if (scenario.id.equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; choose one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ChaosScenario::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
