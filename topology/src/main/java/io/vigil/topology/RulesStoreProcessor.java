package io.vigil.topology;

import io.vigil.config.ConfigException;
import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Keeps the global rules store and {@link LiveRules} in step with the rules topic. Runs on the global thread, both
 * live and when the store is rebuilt at start ({@code Topology#addGlobalStore} replays the topic through this
 * processor), so the store only ever holds rules that passed {@link RuleVerdict}.
 *
 * <p>A rule that is valid on its own is also refused when the whole set it would create cannot run (for example
 * more telemetry metrics than a device state holds): the check the detection processors would otherwise fail at
 * their next event, on a stream thread, is made here, and the previous rules stay in force.
 */
final class RulesStoreProcessor implements Processor<String, Rule, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(RulesStoreProcessor.class);
    /** Store keys that are not rules in force start with this; rule ids cannot contain it. */
    private static final String RESERVED_PREFIX = "~";
    /** Store key prefix of a rule staged by a change whose marker is not complete yet. */
    private static final String STAGED = "~staged/";

    private final LiveRules live;
    private final Consumer<RuleSet> runnable;
    private final RulesMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, Rule> store;

    /**
     * @param runnable throws {@link IllegalArgumentException} or {@link io.vigil.config.ConfigException} for a
     *                 rule set the detectors cannot run
     */
    RulesStoreProcessor(LiveRules live, Consumer<RuleSet> runnable, RulesMetrics metrics) {
        this.live = live;
        this.runnable = runnable;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(RulesTopology.RULES_STORE);
        publish();
    }

    @Override
    public void process(Record<String, Rule> record) {
        String key = record.key();
        Optional<RuleSpec> inForce = inForce(key);
        RuleVerdict verdict = RuleVerdict.of(key, record.value(), inForce);
        if (verdict instanceof RuleVerdict.Marker marker) {
            if (record.value() != null) {
                store.put(RuleChange.MARKER_KEY, record.value());
                complete();
            }
        } else if (verdict instanceof RuleVerdict.Accepted accepted && RuleChange.isStaged(record.headers())) {
            // Part of a change: held aside until the change's marker says the whole set is here.
            store.put(STAGED + accepted.spec().id(), RuleRecords.toRecord(accepted.spec()));
            complete();
        } else if (verdict instanceof RuleVerdict.Accepted accepted) {
            accept(accepted.spec(), inForce);
        } else if (verdict instanceof RuleVerdict.Removed removed) {
            if (inForce.isPresent()) {
                store.delete(removed.ruleId());
                log.info("Rule {} removed by a tombstone on the rules topic", removed.ruleId());
                publish();
            }
        } else if (verdict instanceof RuleVerdict.Rejected rejected) {
            reject(rejected.reason());
        } else {
            log.debug("Rule record repeats the rule in force: {}", verdict);
        }
    }

    /**
     * Puts a pending change in force when the store holds every version its marker lists (in force already, or
     * staged), all at once with one {@link LiveRules#publish}; a change that cannot run as a whole is refused as a
     * whole. Until then the previous rules stay in force, however many of the change's records have arrived.
     */
    private void complete() {
        Rule marker = store.get(RuleChange.MARKER_KEY);
        if (marker == null) {
            return;
        }
        Map<String, Integer> members = RuleChange.members(marker);
        Map<String, RuleSpec> promote = new TreeMap<>();
        for (Map.Entry<String, Integer> member : members.entrySet()) {
            int inForce = inForce(member.getKey()).map(RuleSpec::version).orElse(-1);
            if (inForce >= member.getValue()) {
                continue;
            }
            Optional<RuleSpec> staged = staged(member.getKey());
            if (staged.isEmpty() || staged.get().version() < member.getValue()) {
                return;
            }
            promote.put(member.getKey(), staged.get());
        }
        store.delete(RuleChange.MARKER_KEY);
        promote.keySet().forEach(id -> store.delete(STAGED + id));
        List<RuleSpec> candidate = new ArrayList<>(storedRules());
        candidate.removeIf(r -> promote.containsKey(r.id()));
        candidate.addAll(promote.values());
        try {
            runnable.accept(new RuleSet(sorted(candidate)));
        } catch (RuntimeException cannotRun) {
            reject("Rule change of " + promote.keySet() + " cannot run as a whole: " + cannotRun.getMessage());
            return;
        }
        promote.values().forEach(spec -> store.put(spec.id(), RuleRecords.toRecord(spec)));
        log.info("Rule change in force as a whole: {}", promote.values().stream()
                .map(r -> r.id() + " v" + r.version()).toList());
        publish();
    }

    private Optional<RuleSpec> staged(String ruleId) {
        Rule stored = store.get(STAGED + ruleId);
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RuleRecords.toSpec(stored));
        } catch (ConfigException noLongerValid) {
            return Optional.empty();
        }
    }

    private Optional<RuleSpec> inForce(String key) {
        Rule stored = key == null ? null : store.get(key);
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RuleRecords.toSpec(stored));
        } catch (ConfigException noLongerValid) {
            return Optional.empty();
        }
    }

    private void accept(RuleSpec spec, Optional<RuleSpec> previous) {
        List<RuleSpec> candidate = new ArrayList<>(storedRules());
        candidate.removeIf(r -> r.id().equals(spec.id()));
        candidate.add(spec);
        try {
            runnable.accept(new RuleSet(sorted(candidate)));
        } catch (RuntimeException cannotRun) {
            reject("Rule '" + spec.id() + "' v" + spec.version() + " cannot run with the other rules in force: "
                    + cannotRun.getMessage());
            return;
        }
        store.put(spec.id(), RuleRecords.toRecord(spec));
        if (previous.isPresent()) {
            log.info("Rule {} v{} in force (was v{}){}", spec.id(), spec.version(), previous.get().version(),
                    spec.enabled() ? "" : ", disabled");
        } else {
            // Rebuilding the store at start replays every rule as new: one line each would only be noise.
            log.debug("Rule {} v{} in force{}", spec.id(), spec.version(), spec.enabled() ? "" : ", disabled");
        }
        publish();
    }

    private void reject(String reason) {
        metrics.rejected();
        log.warn("Ignoring rule record{}: {}; the rule in force stays", position(), reason);
    }

    private String position() {
        Optional<RecordMetadata> metadata = context.recordMetadata();
        return metadata.map(m -> " at " + m.topic() + "-" + m.partition() + " offset " + m.offset()).orElse("");
    }

    private void publish() {
        if (live.publish(new RuleSet(sorted(storedRules())))) {
            metrics.track();
            LiveRules.Snapshot now = live.current();
            log.debug("Rules generation {} in force ({}): {}", now.generation(),
                    now.fromTopic() ? "from the rules topic" : "configured defaults, the rules topic has none",
                    now.versions());
        }
    }

    private List<RuleSpec> storedRules() {
        List<RuleSpec> rules = new ArrayList<>();
        try (KeyValueIterator<String, Rule> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Rule> entry = all.next();
                if (entry.key.startsWith(RESERVED_PREFIX)) {
                    // Staged rules and the pending marker are not in force.
                    continue;
                }
                try {
                    rules.add(RuleRecords.toSpec(entry.value));
                } catch (ConfigException noLongerValid) {
                    // Only valid rules are stored, but a stored rule can fall foul of a newer catalog after an
                    // upgrade: it is left out rather than stopping the global thread.
                    log.warn("Stored rule {} is no longer valid and is not in force: {}", entry.key,
                            noLongerValid.getMessage().replace('\n', ' '));
                }
            }
        }
        return rules;
    }

    /** By rule id: the topic has no file order, and a fixed order keeps detector order (and alert order) stable. */
    private static List<RuleSpec> sorted(List<RuleSpec> rules) {
        List<RuleSpec> copy = new ArrayList<>(rules);
        copy.sort(Comparator.comparing(RuleSpec::id));
        return copy;
    }
}
