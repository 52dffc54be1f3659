package io.vigil.lab.backtest;

import io.vigil.config.InputSettings;
import io.vigil.config.ReferenceClock;
import io.vigil.config.RuleSet;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.replay.DetectorReplay;
import io.vigil.topology.RejectedInputException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The pure detectors over a recorded log, offline: what the stream instances would have alerted on with one set of
 * rules, given the same events in the same per-entity order. No Kafka, no clock: the same input always gives the
 * same alerts, with the ids the topology would have given them.
 *
 * <p>Events go through the topology's gate first ({@link DetectorReplay}): one outside the input bounds, or stamped
 * more than {@code vigil.max.clock.skew} ahead of the recording's own clock (the record's Kafka timestamp,
 * {@code vigil.clock.reference=record}), is refused as live detection refuses it, and counted in
 * {@link #rejected()}.
 *
 * <p>Two things differ from live detection, on purpose. Silence is judged in event time (a device's deadline
 * passes when a later reading, or the end of the replay, says event time has moved past it), because a replay has
 * no wall clock; live it is wall-clock time. And the blocked-card rule is not replayed: its input is the actions
 * topic, the consequence of live decisions, not of the rules under test.
 */
public final class Replay {

    private final DetectorReplay detectors;
    private final List<Alert> alerts = new ArrayList<>();
    private long transactions;
    private long readings;
    private long rejected;
    private long newestEventMillis = Long.MIN_VALUE;

    /** A replay with the shipped {@code vigil.max.clock.skew}. */
    public Replay(RuleSet rules, Duration grace) {
        this(rules, grace, InputSettings.defaults().withReferenceClock(ReferenceClock.RECORD));
    }

    /**
     * @param input the gate's settings; the reference clock must be {@link ReferenceClock#RECORD}: a replay has no
     *     wall clock of its own, and judging recorded event times against today's would refuse nothing or all
     */
    public Replay(RuleSet rules, Duration grace, InputSettings input) {
        if (input.referenceClock() != ReferenceClock.RECORD) {
            throw new IllegalArgumentException("A replay judges event times against the recording's own clock: "
                    + "expected vigil.clock.reference=record, not " + input.referenceClock().configValue());
        }
        // Keyed by entity id: a replay reads each topic whole, so the partition a record came from does not matter.
        this.detectors = DetectorReplay.inMemory(rules, grace, input.maxClockSkew());
    }

    /** A transaction as Vigil's load generator writes it: keyed by card, the record stamped with the event time. */
    public void accept(Transaction tx) {
        accept(tx.getCardId(), tx, tx.getTimestamp().toEpochMilli());
    }

    /** A recorded transaction, read under {@code key}, whose record timestamp is {@code recordMillis}. */
    public void accept(String key, Transaction tx, long recordMillis) {
        transactions++;
        try {
            alerts.addAll(detectors.transaction(tx.getCardId(), key, tx, recordMillis).alerts());
            newestEventMillis = Math.max(newestEventMillis, tx.getTimestamp().toEpochMilli());
        } catch (RejectedInputException refused) {
            // Live, such an event goes to the DLQ and changes nothing; so here.
            rejected++;
        }
    }

    /** A reading as Vigil's load generator writes it: keyed by device, the record stamped with the event time. */
    public void accept(Telemetry reading) {
        accept(reading.getDeviceId(), reading, reading.getTimestamp().toEpochMilli());
    }

    /** A recorded reading, read under {@code key}, whose record timestamp is {@code recordMillis}. */
    public void accept(String key, Telemetry reading, long recordMillis) {
        readings++;
        try {
            // The gate before the silence check: a refused reading (say, stamped 2099) must not move the replay's
            // clock and fire every device's silence deadline.
            detectors.admit(key, reading, recordMillis);
        } catch (RejectedInputException refused) {
            rejected++;
            return;
        }
        long now = reading.getTimestamp().toEpochMilli();
        newestEventMillis = Math.max(newestEventMillis, now);
        checkSilence(reading.getDeviceId(), detectors.deviceState(reading.getDeviceId()), now);
        alerts.addAll(detectors.reading(reading.getDeviceId(), key, reading, now, recordMillis).alerts());
    }

    /** Ends the replay at {@code endMillis}: devices whose silence deadline passed by then alert. */
    public void finish(long endMillis) {
        detectors.forEachDevice((deviceId, state) -> checkSilence(deviceId, state, endMillis));
    }

    /** Fires each silence deadline that passed by {@code nowMillis}, at the deadline itself. */
    private void checkSilence(String deviceId, DeviceState state, long nowMillis) {
        DeviceDetection devices = detectors.devices();
        OptionalLong due = devices.nextDeadline(state);
        while (due.isPresent() && due.getAsLong() <= nowMillis) {
            DeviceDetection.SilenceCheck check = devices.checkSilence(state, deviceId, due.getAsLong());
            alerts.addAll(check.alerts());
            OptionalLong next = check.nextDeadline();
            if (next.isPresent() && next.getAsLong() <= due.getAsLong()) {
                break;
            }
            due = next;
        }
    }

    /** The newest event time the gate let through, {@link Long#MIN_VALUE} before any: where a replay ends. */
    public long newestEventMillis() {
        return newestEventMillis;
    }

    /** Every alert, OPEN and RESOLVED, in the order the replay raised them. */
    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    public long transactions() {
        return transactions;
    }

    public long readings() {
        return readings;
    }

    /** Events the gate refused (out of bounds, or too far ahead of the recording's clock), as live detection does. */
    public long rejected() {
        return rejected;
    }
}
