package io.vigil.loadgen.telemetry;

import io.vigil.events.Telemetry;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.Scenario;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A seeded IoT telemetry scenario: a fleet of devices, each reporting four sensors at a fixed interval, with
 * sensor faults injected and each recorded in the {@link GroundTruth}. Like the fraud scenario it is one pass
 * (an iterator), it separates a warm-up history from live traffic, and the same config gives the same events.
 *
 * <p>Scenario time: reading slot {@code i} has event time {@code start + i / R}, with R = devices * 4 /
 * interval; slot {@code i} belongs to device {@code (i / 4) mod devices} and sensor {@code i mod 4}, so each
 * device reports its four sensors back to back, once per interval. The history is the same cadence continued
 * backwards: {@code warmup + 2} intervals before {@code start}, so that every device's anomaly baseline is warm
 * when the first fault can come.
 *
 * <p>Faults change a device's own readings rather than adding events: a spike is the device reporting a high
 * temperature, a silence is the device's slots staying empty. Each fault goes to a device that is not playing
 * another one and has rested since its last (the longest rule cooldown plus {@value FaultPlayer#REST_READINGS}
 * readings), so that every injection can be scored on its own; when no device is free the injection is
 * skipped and counted. An injection enters the ground truth once its last reading has been handed out.
 *
 * <p>Independent random streams (device profiles, history noise, live noise, fault placement) split from the
 * seed, so turning faults off or changing their rates leaves the normal readings unchanged.
 *
 * <p>Why normal readings trip no rule, and each fault only its own: see {@link FleetModel#requireCleanUnder}
 * and {@link FaultPlayer}. One rule needs the scenario's help: a flatline run restarts whenever a reading is
 * more than the tolerance from the run's first value, so every free humidity reading is kept more than twice
 * the tolerance from the one before it (a nudge of hundredths of a percent at most), and no run of normal
 * readings, not even one spanning a silence, can ever last.
 *
 * <p>Silence is judged on the wall clock. The scenario's gaps are in event time, so they become silences only
 * when the sender paces readings by event time, as the load generator's live phase does.
 */
public final class TelemetryScenario implements Iterator<GeneratedEvent>, Scenario {

    private static final Sensor[] SENSORS = Sensor.values();

    private final TelemetryScenarioConfig config;
    private final RuleLimits limits;
    private final FleetModel fleet;
    private final FaultPlayer player;
    private final FaultSchedule schedule;
    private final String[] metricNames = new String[SENSORS.length];
    private final long startMillis;
    private final long intervalMillis;
    private final int slotsPerRound;
    /** Scenario time of the end of live traffic; faults that would run past it are not started. */
    private final long liveEndMillis;
    private final long historySlots;
    private final SplittableRandom historyRandom;
    private final SplittableRandom liveRandom;
    private final SplittableRandom faultRandom;
    private final GroundTruth groundTruth = new GroundTruth();
    private final Map<TelemetryFault, Integer> planned = new EnumMap<>(TelemetryFault.class);

    private final ActiveFault[] active;
    private final long[] restUntil;
    private final String[] lastEventId;
    private final long[] lastEventMillis;
    private final double[] lastHumidity;
    private final int[] vibrationReadings;
    private final int[] pickOrder;
    private int pickCursor;

    private long slot;
    private GeneratedEvent buffered;
    private long bufferedSlot;
    private long skipped;

    public TelemetryScenario(TelemetryScenarioConfig config) {
        this.config = config;
        this.limits = RuleLimits.from(config.rules());
        FleetModel.requireCleanUnder(limits, config.reportingInterval());
        this.player = new FaultPlayer(limits, config.reportingInterval());
        this.fleet = new FleetModel(config.seed(), config.devices());
        for (Sensor sensor : SENSORS) {
            metricNames[sensor.ordinal()] = limits.metricOf(sensor);
        }
        this.startMillis = config.start().toEpochMilli();
        this.intervalMillis = config.reportingInterval().toMillis();
        this.slotsPerRound = config.devices() * TelemetryScenarioConfig.METRICS_PER_DEVICE;
        this.liveEndMillis = config.liveEvents() == Long.MAX_VALUE ? Long.MAX_VALUE
                : startMillis + Math.floorDiv(config.liveEvents() * intervalMillis, slotsPerRound);
        this.historySlots = config.includeHistory() ? (long) (limits.warmup() + 2) * slotsPerRound : 0;
        this.schedule = new FaultSchedule(config.faultsPerMinute(), startMillis);
        SplittableRandom root = new SplittableRandom(config.seed());
        this.historyRandom = root.split();
        this.liveRandom = root.split();
        this.faultRandom = root.split();

        int devices = config.devices();
        this.active = new ActiveFault[devices];
        this.restUntil = new long[devices];
        this.lastEventId = new String[devices];
        this.lastEventMillis = new long[devices];
        this.lastHumidity = new double[devices];
        Arrays.fill(lastHumidity, Double.NaN);
        this.vibrationReadings = new int[devices];
        this.pickOrder = shuffledDevices(devices, faultRandom);
        this.slot = -historySlots;
    }

    public TelemetryScenarioConfig config() {
        return config;
    }

    @Override
    public double eventsPerSecond() {
        return config.eventsPerSecond();
    }

    @Override
    public Instant start() {
        return config.start();
    }

    /** The Kafka key and {@code Telemetry.deviceId} of device {@code index}. */
    public static String deviceId(int index) {
        return FleetModel.deviceId(index);
    }

    /** Number of warm-up readings, emitted before any live reading. */
    public long historySize() {
        return historySlots;
    }

    /** The warm-up part of this scenario: what {@link #next()} returns until it is exhausted. */
    @Override
    public Iterator<GeneratedEvent> history() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return TelemetryScenario.this.hasNext() && bufferedSlot < 0;
            }

            @Override
            public GeneratedEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("telemetry history exhausted");
                }
                return TelemetryScenario.this.next();
            }
        };
    }

    /** The live part of this scenario; the history must have been drained first (its readings warm the devices). */
    @Override
    public Iterator<GeneratedEvent> live() {
        if (hasNext() && bufferedSlot < 0) {
            throw new IllegalStateException("Drain history() before live(): " + (-bufferedSlot) + " warm-up readings are left");
        }
        return this;
    }

    /** The injections whose readings have all been handed out so far. */
    @Override
    public GroundTruth groundTruth() {
        return groundTruth;
    }

    /** Injections left out because no device was free to play them (or none was warm enough). */
    @Override
    public long skippedInjections() {
        return skipped;
    }

    /** Devices playing a fault that has not finished yet (for tests that score a run cut off mid-fault). */
    Map<String, TelemetryFault> faultsInFlight() {
        Map<String, TelemetryFault> inFlight = new TreeMap<>();
        for (ActiveFault fault : active) {
            if (fault != null) {
                inFlight.put(deviceId(fault.device()), fault.fault());
            }
        }
        return inFlight;
    }

    @Override
    public boolean hasNext() {
        while (buffered == null && slot < config.liveEvents()) {
            bufferedSlot = slot;
            buffered = generate(slot++);
        }
        return buffered != null;
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("telemetry scenario exhausted");
        }
        GeneratedEvent event = buffered;
        buffered = null;
        return event;
    }

    /** The reading of slot {@code i}, or null when its device is silent. */
    private GeneratedEvent generate(long i) {
        long t = startMillis + Math.floorDiv(i * intervalMillis, slotsPerRound);
        int inRound = (int) Math.floorMod(i, (long) slotsPerRound);
        int device = inRound / TelemetryScenarioConfig.METRICS_PER_DEVICE;
        Sensor sensor = SENSORS[inRound % TelemetryScenarioConfig.METRICS_PER_DEVICE];
        boolean live = i >= 0;
        SplittableRandom random = live ? liveRandom : historyRandom;
        // Drawn whatever the fault does, so that faults never shift the normal readings of other devices.
        double value = fleet.normal(device, sensor, t, random);
        String eventId = eventId(random);
        if (sensor == Sensor.HUMIDITY) {
            value = awayFromPrevious(lastHumidity[device], value);
        }
        if (live) {
            planFaultsDueBy(t);
        }
        ActiveFault fault = active[device];
        if (fault != null) {
            OptionalDouble played = player.play(fault, sensor, t, value, eventId);
            if (fault.done()) {
                groundTruth.add(fault.injection());
                active[device] = null;
                restUntil[device] = t + player.restMillis();
            }
            if (played.isEmpty()) {
                return null;
            }
            value = played.getAsDouble();
        }
        if (sensor == Sensor.HUMIDITY) {
            lastHumidity[device] = value;
        }
        if (sensor == Sensor.VIBRATION) {
            vibrationReadings[device]++;
        }
        lastEventId[device] = eventId;
        lastEventMillis[device] = t;
        String id = deviceId(device);
        Telemetry reading = new Telemetry(eventId, id, Instant.ofEpochMilli(t), metricNames[sensor.ordinal()], value,
                sensor.unit);
        return new GeneratedEvent(GeneratedEvent.TELEMETRY, id, reading, reading.getTimestamp());
    }

    /** Keeps a humidity reading more than twice the flatline tolerance from the device's previous one. */
    private double awayFromPrevious(double previous, double value) {
        double step = 2 * limits.tolerance();
        if (Double.isNaN(previous) || Math.abs(value - previous) > step) {
            return value;
        }
        return previous + (value >= previous ? 1 : -1) * (step + 0.01);
    }

    private void planFaultsDueBy(long t) {
        while (schedule.nextStartMillis() <= t) {
            TelemetryFault fault = schedule.take();
            if (t + player.spanMillis(fault) > liveEndMillis) {
                continue;
            }
            int device = freeDevice(fault, t);
            if (device < 0) {
                skipped++;
                continue;
            }
            int number = planned.merge(fault, 1, Integer::sum);
            String injectionId = String.format(Locale.ROOT, "%s-%06d", fault.id(), number);
            active[device] = fault == TelemetryFault.SILENCE
                    ? ActiveFault.silence(injectionId, device, deviceId(device), lastEventId[device], lastEventMillis[device])
                    : new ActiveFault(fault, injectionId, device, deviceId(device));
        }
    }

    /** The next device in the shuffled order that can play {@code fault} now, or -1. */
    private int freeDevice(TelemetryFault fault, long t) {
        for (int tried = 0; tried < pickOrder.length; tried++) {
            int device = pickOrder[pickCursor];
            pickCursor = (pickCursor + 1) % pickOrder.length;
            if (active[device] == null && restUntil[device] <= t && ready(fault, device)) {
                return device;
            }
        }
        return -1;
    }

    /** An outlier needs a warm baseline to stand out against; a silence needs a last reading to name it. */
    private boolean ready(TelemetryFault fault, int device) {
        return switch (fault) {
            case OUTLIER -> vibrationReadings[device] >= limits.warmup() + 1;
            case SILENCE -> lastEventId[device] != null;
            default -> true;
        };
    }

    private static int[] shuffledDevices(int devices, SplittableRandom random) {
        int[] order = new int[devices];
        for (int i = 0; i < devices; i++) {
            order[i] = i;
        }
        for (int i = devices - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** A version-4 UUID drawn from the scenario's random stream, so that ids repeat exactly for the same seed. */
    private static String eventId(SplittableRandom random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
