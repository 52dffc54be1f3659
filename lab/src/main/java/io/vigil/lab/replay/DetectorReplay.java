package io.vigil.lab.replay;

import io.vigil.config.RuleSet;
import io.vigil.detectors.InputBounds;
import io.vigil.detectors.Rejection;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.topology.CardStateSerde;
import io.vigil.topology.DeviceStateSerde;
import io.vigil.topology.RejectedInputException;

import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The pure detectors over recorded input, offline: the engine under the backtest ({@code vigil backtest}) and the
 * chaos oracle. It keeps one state per state key, as the topology's stores do, and applies the detection
 * processors' rule of what a record changes: a card's state is kept only when the transaction was accepted, a
 * device's unless the reading was a duplicate, and a record whose processing throws is not stored.
 *
 * <p>In front of detection it applies the topology's gate ({@code InputGuard}): an event outside the
 * {@link InputBounds}, or stamped more than {@code vigil.max.clock.skew} ahead of the reference clock, is refused
 * with a {@link RejectedInputException} before its state is read, as live detection refuses it to the dead-letter
 * topic. Offline, the reference clock is always the recording's own: the record's Kafka timestamp (the broker's
 * append time on {@code LogAppendTime} topics), which is what {@code vigil.clock.reference=record} means live.
 *
 * <p>What a state key is (an entity id, or topic, partition and key like a task's store), which records to feed,
 * and what the alerts are compared with stay the caller's.
 */
public final class DetectorReplay {

    private final CardDetection cards;
    private final DeviceDetection devices;
    private final States<CardState> cardStates;
    private final States<DeviceState> deviceStates;
    private final Duration maxClockSkew;

    private DetectorReplay(RuleSet rules, Duration grace, Duration maxClockSkew, States<CardState> cardStates,
                           States<DeviceState> deviceStates) {
        this.maxClockSkew = maxClockSkew;
        this.cards = CardDetection.fromRules(rules, grace);
        this.devices = DeviceDetection.fromRules(rules, grace);
        this.cardStates = cardStates;
        this.deviceStates = deviceStates;
    }

    /** States kept as objects: fast, for long replays of recorded topics. */
    public static DetectorReplay inMemory(RuleSet rules, Duration grace, Duration maxClockSkew) {
        return new DetectorReplay(rules, grace, maxClockSkew, new InMemory<>(CardState::new),
                new InMemory<>(DeviceState::new));
    }

    /**
     * States kept as the bytes of the stores' own serdes, so that what a serde round trip loses is lost here too,
     * as it is for a stream instance that restores its store after a crash.
     */
    public static DetectorReplay throughStoreSerdes(RuleSet rules, Duration grace, Duration maxClockSkew) {
        return new DetectorReplay(rules, grace, maxClockSkew, new Serialized<>(new CardStateSerde(), CardState::new),
                new Serialized<>(new DeviceStateSerde(), DeviceState::new));
    }

    /**
     * Runs the card detectors on {@code tx}, read under {@code recordKey}, against the state under
     * {@code stateKey}.
     *
     * @param referenceMillis the recording's clock for this record: its Kafka timestamp
     * @throws RejectedInputException when the gate refuses the transaction; no state changed
     */
    public CardDetection.Outcome transaction(String stateKey, String recordKey, Transaction tx, long referenceMillis) {
        admit(recordKey, tx, referenceMillis);
        CardState state = cardStates.load(stateKey);
        CardDetection.Outcome outcome = cards.process(state, tx);
        if (outcome.disposition() == CardDetection.Disposition.ACCEPTED) {
            cardStates.store(stateKey, state);
        }
        return outcome;
    }

    /**
     * Runs the telemetry detectors on {@code reading}, read under {@code recordKey}, against the state under
     * {@code stateKey}.
     *
     * @param nowMillis the processing time the reading is seen at (live: the wall clock)
     * @param referenceMillis the recording's clock for this record: its Kafka timestamp
     * @throws RejectedInputException when the gate refuses the reading (e.g. it has no finite value); no state
     *     changed
     */
    public DeviceDetection.Outcome reading(String stateKey, String recordKey, Telemetry reading, long nowMillis,
                                           long referenceMillis) {
        admit(recordKey, reading, referenceMillis);
        DeviceState state = deviceStates.load(stateKey);
        DeviceDetection.Outcome outcome = devices.process(state, reading, nowMillis);
        // A late reading still moves "last seen"; only a duplicate changes nothing.
        if (outcome.disposition() != DeviceDetection.Disposition.DUPLICATE_EVENT) {
            deviceStates.store(stateKey, state);
        }
        return outcome;
    }

    /**
     * The topology's gate for a transaction: returns when {@code tx}, read under {@code recordKey}, may be
     * processed; throws, changing nothing, when live detection would refuse it.
     */
    public void admit(String recordKey, Transaction tx, long referenceMillis) {
        Optional<Rejection> rejection = InputBounds.check(recordKey, tx);
        if (rejection.isEmpty()) {
            rejection = InputBounds.checkSkew("Transaction " + tx.getEventId() + " on card " + tx.getCardId(),
                    tx.getTimestamp().toEpochMilli(), referenceMillis, maxClockSkew);
        }
        if (rejection.isPresent()) {
            throw new RejectedInputException(rejection.get());
        }
    }

    /** The topology's gate for a reading; see {@link #admit(String, Transaction, long)}. */
    public void admit(String recordKey, Telemetry reading, long referenceMillis) {
        Optional<Rejection> rejection = InputBounds.check(recordKey, reading);
        if (rejection.isEmpty()) {
            rejection = InputBounds.checkSkew("Reading " + reading.getEventId() + " on device "
                    + reading.getDeviceId(), reading.getTimestamp().toEpochMilli(), referenceMillis, maxClockSkew);
        }
        if (rejection.isPresent()) {
            throw new RejectedInputException(rejection.get());
        }
    }

    /** The device state under {@code stateKey}, new when there is none; changes to it are kept. */
    public DeviceState deviceState(String stateKey) {
        return deviceStates.load(stateKey);
    }

    /** Every device state so far, by state key. */
    public void forEachDevice(BiConsumer<String, DeviceState> action) {
        deviceStates.forEach(action);
    }

    /** The telemetry detectors of the rules, for what the caller judges itself (silence deadlines). */
    public DeviceDetection devices() {
        return devices;
    }

    /** Where states live between records. */
    private interface States<S> {
        S load(String key);

        void store(String key, S state);

        void forEach(BiConsumer<String, S> action);
    }

    /** The loaded object is the stored one, so changes to it are kept whatever the outcome. */
    private static final class InMemory<S> implements States<S> {
        private final Map<String, S> states = new HashMap<>();
        private final Supplier<S> fresh;

        InMemory(Supplier<S> fresh) {
            this.fresh = fresh;
        }

        @Override
        public S load(String key) {
            return states.computeIfAbsent(key, k -> fresh.get());
        }

        @Override
        public void store(String key, S state) {
            states.put(key, state);
        }

        @Override
        public void forEach(BiConsumer<String, S> action) {
            states.forEach(action);
        }
    }

    /** Each load is a fresh copy: only a stored state is kept. */
    private static final class Serialized<S> implements States<S> {
        private final Map<String, byte[]> states = new HashMap<>();
        private final Serde<S> serde;
        private final Supplier<S> fresh;

        Serialized(Serde<S> serde, Supplier<S> fresh) {
            this.serde = serde;
            this.fresh = fresh;
        }

        @Override
        public S load(String key) {
            byte[] bytes = states.get(key);
            return bytes == null ? fresh.get() : serde.deserializer().deserialize(null, bytes);
        }

        @Override
        public void store(String key, S state) {
            states.put(key, serde.serializer().serialize(null, state));
        }

        @Override
        public void forEach(BiConsumer<String, S> action) {
            states.forEach((key, bytes) -> action.accept(key, serde.deserializer().deserialize(null, bytes)));
        }
    }
}
