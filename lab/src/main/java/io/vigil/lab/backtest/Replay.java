package io.vigil.lab.backtest;

import io.vigil.config.RuleSet;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.replay.DetectorReplay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The pure detectors over a recorded log, offline: what the stream instances would have alerted on with one set of
 * rules, given the same events in the same per-entity order. No Kafka, no clock: the same input always gives the
 * same alerts, with the ids the topology would have given them.
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

    public Replay(RuleSet rules, Duration grace) {
        // Keyed by entity id: a replay reads each topic whole, so the partition a record came from does not matter.
        this.detectors = DetectorReplay.inMemory(rules, grace);
    }

    public void accept(Transaction tx) {
        transactions++;
        alerts.addAll(detectors.transaction(tx.getCardId(), tx).alerts());
    }

    public void accept(Telemetry reading) {
        readings++;
        long now = reading.getTimestamp().toEpochMilli();
        checkSilence(reading.getDeviceId(), detectors.deviceState(reading.getDeviceId()), now);
        try {
            alerts.addAll(detectors.reading(reading.getDeviceId(), reading, now).alerts());
        } catch (IllegalArgumentException notFinite) {
            // Live, such a reading goes to the DLQ and changes nothing; so here.
            rejected++;
        }
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

    /** Readings without a finite value, which live detection dead-letters. */
    public long rejected() {
        return rejected;
    }
}
