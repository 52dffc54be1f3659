package io.vigil.topology;

import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.SilenceDetector;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one per-device processor: one state read, every telemetry rule, one state write per reading; and a
 * wall-clock punctuator that finds silent devices when nothing arrives at all.
 *
 * <p>The deadline index is lazy so that a reading costs no index write: a device is indexed when first seen
 * (or when it speaks again after a silence alert) at "last seen + deadline", and that entry is not moved while
 * the device keeps talking. When the punctuator reaches an entry it reads the device's state: a device that
 * spoke since is re-indexed at its real deadline, a device that did not gets its silence alert. So each
 * device costs the index about one entry move per deadline, not one per reading. (On RocksDB a moved entry
 * leaves a tombstone before the first live key until compaction; the scan steps over those, which is the
 * price of never touching devices that are not due.)
 *
 * <p>Both stores are changelogged and written in the same task as the alerts, so under exactly-once an alert,
 * the state that says it was sent and the index entry that would re-send it commit together: a restart or a
 * rebalance neither repeats nor loses an OPEN or a RESOLVED.
 *
 * <p>The rules are those in force ({@link LiveDetection}); a change applies from the next reading or the next
 * deadline check, whichever comes first. The punctuator runs at the shortest silence {@code checkInterval} in force,
 * or every {@link #IDLE_CHECK_INTERVAL} without silence rules (so that a silence rule published later, and index
 * entries left by one removed, are still handled), and is rescheduled when a rule change moves that interval.
 */
final class DeviceDetectionProcessor implements Processor<String, Telemetry, String, SpecificRecord> {

    /**
     * Most due devices handled in one punctuation. After a mass outage every device can be due at once; handling
     * them in slices keeps one punctuation short enough for the thread's poll and transaction deadlines, and the
     * rest stay due in the index for the next one.
     */
    static final int MAX_DUE_PER_CHECK = 10_000;

    /** How often the punctuator looks for rule changes and stale index entries when no silence rule is in force. */
    static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final LiveDetection<DeviceDetection> rules;
    private final DetectionMetrics metrics;
    private final boolean forwardLate;
    private final InputGuard guard;
    private final Optional<IdleSweep.Settings> expiry;
    private final String inputTopic;
    private SilenceHold hold;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, DeviceState> states;
    private KeyValueStore<Bytes, byte[]> deadlines;
    private DeviceDetection detection;
    private Duration scheduledInterval;
    private Cancellable punctuator;

    DeviceDetectionProcessor(LiveDetection<DeviceDetection> rules, DetectionMetrics metrics, boolean forwardLate,
                             InputGuard guard, Optional<IdleSweep.Settings> expiry, String inputTopic) {
        this.inputTopic = inputTopic;
        this.rules = rules;
        this.metrics = metrics;
        this.forwardLate = forwardLate;
        this.guard = guard;
        this.expiry = expiry;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
        this.deadlines = context.getStateStore(TelemetryTopology.DEADLINE_STORE);
        // init runs once the task's stores are restored, when it starts processing on this instance.
        this.hold = new SilenceHold(InputLag.from(context.appConfigs()), inputTopic, context.taskId().partition(),
                context.currentSystemTimeMs());
        refresh();
        expiry.ifPresent(settings -> {
            IdleSweep<DeviceState> sweep = new IdleSweep<>(states, DeviceState::maxEventTimeMillis,
                    settings.ttl().toMillis(), settings.batch(), this::forgetDeadline,
                    metrics.expired(TelemetryTopology.DEVICE_STATE_STORE));
            context.schedule(settings.interval(), settings.type(), sweep::sweep);
        });
    }

    /**
     * Drops the silence deadline of a device whose state expires. The index is lazy, so an older entry of the
     * device may remain; when it comes due the check finds no state and drops it too.
     */
    private void forgetDeadline(String deviceId, DeviceState state) {
        detection.nextDeadline(state).ifPresent(due -> deadlines.delete(DeadlineIndex.key(due, deviceId)));
    }

    /** Takes up the rules in force and moves the punctuator if they changed its interval. */
    private void refresh() {
        DeviceDetection inForce = rules.current();
        if (inForce == detection) {
            return;
        }
        detection = inForce;
        Duration interval = detection.checkInterval().orElse(IDLE_CHECK_INTERVAL);
        if (!Objects.equals(interval, scheduledInterval)) {
            if (punctuator != null) {
                punctuator.cancel();
            }
            punctuator = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
            scheduledInterval = interval;
        }
    }

    @Override
    public void process(Record<String, Telemetry> record) {
        Telemetry reading = record.value();
        String deviceId = record.key();
        if (deviceId == null || deviceId.isEmpty() || reading == null) {
            // Thrown, not skipped: the processing exception handler sends it to the DLQ with this message.
            throw new IllegalArgumentException("Telemetry record without "
                    + (reading == null ? "value" : "key (deviceId)"));
        }
        // Any record, refused or not, is progress through the input: how far behind it was tells a backlog.
        hold.processed(context.currentSystemTimeMs(), record.timestamp());
        // Before the state is read: a refused reading (oversized, far future, not a number, ...) changes nothing.
        guard.checkReading(record, context);
        refresh();
        DeviceState state = states.get(deviceId);
        if (state == null) {
            state = new DeviceState();
        }
        DeviceDetection.Outcome outcome = detection.process(state, reading, context.currentSystemTimeMs());
        switch (outcome.disposition()) {
            case DUPLICATE_EVENT -> {
                metrics.duplicate();
                return;
            }
            case LATE -> {
                metrics.late();
                if (forwardLate) {
                    context.forward(record, TelemetryTopology.LATE_SINK);
                }
            }
            case ACCEPTED -> metrics.accepted();
        }
        // A late reading is written too: it proves the device alive and may have resolved its silence.
        states.put(deviceId, state);
        index(outcome.deadlineToIndex(), deviceId);
        long now = context.currentSystemTimeMs();
        for (int i = 0; i < outcome.alerts().size(); i++) {
            // Only reading-driven alerts have an event to measure from; silence alerts come from the clock.
            metrics.alertLatency(reading.getTimestamp().toEpochMilli(), now);
        }
        forward(deviceId, outcome.alerts(), record.timestamp());
    }

    /** Handles every device whose indexed deadline is at or before {@code now}, up to {@link #MAX_DUE_PER_CHECK}. */
    private void checkDeadlines(long now) {
        refresh();
        List<Bytes> due = new ArrayList<>();
        // Collected first and changed after: stores do not promise a stable iterator over entries being rewritten.
        try (KeyValueIterator<Bytes, byte[]> entries = deadlines.range(null, DeadlineIndex.dueBy(now))) {
            while (entries.hasNext() && due.size() < MAX_DUE_PER_CHECK) {
                due.add(entries.next().key);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Optional<SilenceHold.Reason> held = detection.silenceDetectors().isEmpty() ? Optional.empty()
                : hold.reason(now, deadline(Math::min), deadline(Math::max));
        if (held.isPresent()) {
            // The entries stay: the devices are judged at the first check after the task caught up.
            metrics.silenceHeld(held.get().tag());
            return;
        }
        for (Bytes key : due) {
            String deviceId = DeadlineIndex.deviceId(key);
            deadlines.delete(key);
            DeviceState state = states.get(deviceId);
            if (state == null) {
                continue;
            }
            DeviceDetection.SilenceCheck check = detection.checkSilence(state, deviceId, now);
            index(check.nextDeadline(), deviceId);
            if (check.stateChanged()) {
                states.put(deviceId, state);
            }
            forward(deviceId, check.alerts(), now);
        }
    }

    /** The shortest or longest silence deadline in force; only asked while silence rules are in force. */
    private long deadline(java.util.function.LongBinaryOperator pick) {
        return detection.silenceDetectors().stream().mapToLong(SilenceDetector::deadlineMillis).reduce(pick)
                .orElse(0);
    }

    private void index(OptionalLong deadline, String deviceId) {
        if (deadline.isPresent()) {
            deadlines.put(DeadlineIndex.key(deadline.getAsLong(), deviceId), DeadlineIndex.PRESENT);
        }
    }

    private void forward(String deviceId, List<Alert> alerts, long timestamp) {
        for (Alert alert : alerts) {
            metrics.alert(alert);
            context.forward(new Record<String, SpecificRecord>(deviceId, alert, timestamp), TelemetryTopology.ALERTS_SINK);
        }
    }
}
