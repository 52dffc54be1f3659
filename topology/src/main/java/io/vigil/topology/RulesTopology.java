package io.vigil.topology;

import io.vigil.config.RuleSet;
import io.vigil.config.StoreType;
import io.vigil.events.Rule;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.function.Consumer;

/**
 * Rules as data: the compacted rules topic read into a global store on every instance, feeding {@link LiveRules}.
 *
 * <p>Global because every task of every instance needs every rule, and rules are few: a copy per instance costs
 * nothing and needs no co-partitioning. The store is not changelogged (the topic is its changelog) and is rebuilt
 * through {@link RulesStoreProcessor} at start, so a rejected record never reaches it; a persistent store keeps the
 * rules in force across a restart even after compaction has removed an older valid version behind a rejected one.
 */
public final class RulesTopology {

    public static final String SOURCE = "rules-source";
    public static final String PROCESSOR = "rules-updater";
    public static final String RULES_STORE = "rules";

    private final Topic<String, Rule> rules;
    private final LiveRules live;
    private final Consumer<RuleSet> runnable;
    private final StoreType storeType;
    private final RulesMetrics metrics;

    /**
     * @param runnable refuses (by throwing) a rule set the detectors cannot run, e.g. {@link RuleSetCheck#check}
     */
    public RulesTopology(Topic<String, Rule> rules, LiveRules live, Consumer<RuleSet> runnable, StoreType storeType,
                         RulesMetrics metrics) {
        this.rules = rules;
        this.live = live;
        this.runnable = runnable;
        this.storeType = storeType;
        this.metrics = metrics;
    }

    public Topology addTo(Topology topology) {
        topology.addGlobalStore(store(), SOURCE, rules.keySerde().deserializer(), rules.valueSerde().deserializer(),
                rules.name(), PROCESSOR, () -> new RulesStoreProcessor(live, runnable, metrics));
        return topology;
    }

    private StoreBuilder<KeyValueStore<String, Rule>> store() {
        KeyValueBytesStoreSupplier supplier = StateStores.keyValue(storeType, RULES_STORE);
        // Global stores must not have a changelog: the source topic is their changelog.
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), rules.valueSerde()).withLoggingDisabled();
    }
}
