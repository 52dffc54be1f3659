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
    STATE_LOSS("state-loss"),
    /**
     * Three brokers: kill -9 the one that leads the most input partitions (ties: the one coordinating the most of
     * the instances' transactions) mid-load, restart it later; the other two take over its leaderships.
     */
    BROKER_BOUNCE("broker-bounce", 3),
    /** Three brokers: restart each in turn (SIGTERM, start), waiting for every replica to be in sync in between. */
    ROLLING_RESTART("rolling-restart", 3),
    /** Two instances, two more added under load, then three stopped (they leave the group at once). */
    SCALE_OUT_IN("scale-out-in");

    private final String id;
    private final int minBrokers;

    ChaosScenario(String id) {
        this(id, 1);
    }

    ChaosScenario(String id, int minBrokers) {
        this.id = id;
        this.minBrokers = minBrokers;
    }

    /** The fewest brokers the scenario makes sense with, and its default. */
    public int minBrokers() {
        return minBrokers;
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
