package io.vigil.runtime.console;

import io.vigil.config.RuleSpec;
import io.vigil.config.TopicNames;
import io.vigil.config.VigilConfig;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.LabelVerdict;
import io.vigil.topology.RuleMetrics;
import io.vigil.topology.RulesMetrics;
import io.vigil.topology.StreamInstance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live console of one stream instance: what its page shows and what its buttons do. {@link ConsoleRoutes}
 * puts it on the ops server's port; this class holds the parts: the {@link TopicWatch} reading the chain's
 * topics into the {@link AlertFeed} and {@link LabelPrecision}, the {@link MeterSampler} behind the charts, the
 * {@link EventStream} pushing alerts to browsers, the {@link DeliveredCount} of notifications, and the
 * {@link AnalystActions} writer, created at the first
 * action so that an instance nobody acts on opens no transactional producer.
 */
public final class Console implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Console.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(20);
    private static final int REQUESTS_REMEMBERED = 1_000;

    private final StreamInstance instance;
    private final VigilConfig config;
    private final MeterRegistry registry;
    private final String applicationServer;
    private final AlertFeed feed = new AlertFeed();
    private final LabelPrecision precision;
    private final TopicWatch watch;
    private final MeterSampler sampler;
    private final EventStream events;
    private final DeliveredCount notifications;
    private final ScheduledExecutorService ticker;
    private final Thread watchThread;
    private final Map<String, AnalystActions.Written> done = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AnalystActions.Written> eldest) {
            return size() > REQUESTS_REMEMBERED;
        }
    };
    private AnalystActions actions;

    private Console(StreamInstance instance, VigilConfig config, MeterRegistry registry, String applicationServer) {
        this.instance = instance;
        this.config = config;
        this.registry = registry;
        this.applicationServer = applicationServer;
        this.precision = new LabelPrecision(registry);
        TopicNames topics = config.topics();
        this.watch = new TopicWatch(config.kafka().properties(), topics, feed, precision);
        this.sampler = new MeterSampler(registry, Set.of(topics.transactions(), topics.telemetry()));
        this.events = new EventStream(feed, ConsoleRoutes.JSON);
        this.notifications = new DeliveredCount(config.kafka().properties());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-console-sampler"));
        this.watchThread = daemon(watch, "vigil-console-reader-" + instance.instanceId());
        Gauge.builder("vigil.console.streams", events, EventStream::clients)
                .description("Browsers holding the console's alert stream open")
                .tag("instance_id", instance.instanceId())
                .register(registry);
    }

    /** Starts reading the chain's topics and sampling the meters; the page is served by {@link ConsoleRoutes}. */
    public static Console start(StreamInstance instance, VigilConfig config, MeterRegistry registry,
                                String applicationServer) {
        Console console = new Console(instance, config, registry, applicationServer);
        console.watchThread.start();
        console.ticker.scheduleAtFixedRate(console::sample, 0, 1, TimeUnit.SECONDS);
        console.ticker.scheduleWithFixedDelay(console.notifications::refresh, 1, 5, TimeUnit.SECONDS);
        return console;
    }

    private void sample() {
        try {
            sampler.sample(System.currentTimeMillis(), System.nanoTime());
        } catch (RuntimeException e) {
            log.debug("Console meter sample skipped", e);
        }
    }

    EventStream events() {
        return events;
    }

    List<Map<String, Object>> samples() {
        return sampler.samples();
    }

    /** Everything on the page except the feed and the charts, for a poll every few seconds. */
    Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("instanceId", instance.instanceId());
        self.put("state", instance.state().name());
        self.put("applicationId", config.streams().applicationId());
        self.put("applicationServer", applicationServer);
        self.put("processingGuarantee", config.streams().processingGuarantee().kafkaValue());
        body.put("instance", self);
        body.put("reader", watch.running() ? "RUNNING" : "STARTING");
        body.put("rules", rulesInForce());
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("alerts", feed.total());
        chain.put("blockActions", watch.actions(ActionType.BLOCK_CARD));
        chain.put("unblockActions", watch.actions(ActionType.UNBLOCK_CARD));
        chain.put("notifyActions", watch.actions(ActionType.NOTIFY));
        chain.put("notifications", notifications.delivered());
        chain.put("incidents", watch.incidents());
        chain.put("blockedCards", watch.blockedCards());
        chain.put("labels", precision.labelled());
        body.put("chain", chain);
        body.put("precision", precision.view());
        body.put("alertsByRule", sampler.alertsByRule());
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("alerts", config.topics().alerts());
        topics.put("actions", config.topics().actions());
        topics.put("incidents", config.topics().incidents());
        topics.put("labels", config.topics().labels());
        body.put("topics", topics);
        return body;
    }

    /**
     * The rules this instance runs: the versions in force from the rules topic ({@link RulesMetrics#VERSION}), or
     * the configured ones ({@link RuleMetrics#RULE_VERSION}) before the topic has been read.
     */
    private List<Map<String, Object>> rulesInForce() {
        Map<String, Integer> versions = new TreeMap<>();
        registry.find(RulesMetrics.VERSION).gauges().forEach(g -> {
            if (g.value() >= 0) {
                versions.put(g.getId().getTag("rule"), (int) g.value());
            }
        });
        if (versions.isEmpty()) {
            registry.find(RuleMetrics.RULE_VERSION).gauges()
                    .forEach(g -> versions.put(g.getId().getTag("rule"), (int) g.value()));
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        versions.forEach((id, version) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ruleId", id);
            row.put("version", version);
            Optional<RuleSpec> spec = config.rules().find(id);
            row.put("detector", spec.map(RuleSpec::detector).orElse(null));
            row.put("severity", spec.map(RuleSpec::severity).orElse(null));
            rules.add(row);
        });
        return rules;
    }

    /** What the console knows of one entity besides its detector state: recent alerts, labels, block. */
    Map<String, Object> activity(String entityType, String entityId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entityType", entityType);
        body.put("entityId", entityId);
        List<Map<String, Object>> recent = new ArrayList<>();
        for (AlertFeed.Entry entry : feed.of(entityType, entityId)) {
            Map<String, Object> row = entry.json();
            LabelVerdict verdict = precision.verdict(entry.alert().getAlertId());
            row.put("label", verdict == null ? null : verdict.name());
            recent.add(row);
        }
        body.put("recentAlerts", recent);
        if ("card".equals(entityType)) {
            Optional<Action> block = watch.blockState(entityId);
            Map<String, Object> blocked = new LinkedHashMap<>();
            blocked.put("blocked", block.map(a -> a.getType() == ActionType.BLOCK_CARD).orElse(false));
            block.ifPresent(a -> {
                blocked.put("lastAction", a.getType().name());
                blocked.put("at", a.getTimestamp().toString());
                blocked.put("actor", a.getActor());
                blocked.put("reason", a.getReason());
            });
            body.put("block", blocked);
        }
        return body;
    }

    /** The label on {@code alertId} as the console last read it, or null. */
    LabelVerdict labelOf(String alertId) {
        return precision.verdict(alertId);
    }

    AnalystActions.Written unblock(String cardId, String requestId, String reason) {
        return once("unblock|" + cardId + "|" + requestId,
                () -> actions().unblock(cardId, requestId, ConsoleRoutes.ACTOR, reason));
    }

    /** @throws IllegalArgumentException when no alert with the id can be found */
    AnalystActions.Written label(String alertId, LabelVerdict verdict, String requestId, String note) {
        Alert alert = feed.find(alertId).or(() -> AlertLookup.find(config.kafka().properties(),
                config.topics().alerts(), alertId, LOOKUP_TIMEOUT))
                .orElseThrow(() -> new IllegalArgumentException("no alert " + alertId + " on "
                        + config.topics().alerts()));
        return once("label|" + alertId + "|" + verdict + "|" + requestId,
                () -> actions().label(alert, verdict, requestId, ConsoleRoutes.ACTOR, note));
    }

    /** A request seen before answers with what it wrote, instead of writing again. */
    private synchronized AnalystActions.Written once(String request, java.util.function.Supplier<AnalystActions.Written> write) {
        AnalystActions.Written before = done.get(request);
        if (before != null) {
            return before;
        }
        AnalystActions.Written written = write.get();
        done.put(request, written);
        return written;
    }

    private synchronized AnalystActions actions() {
        if (actions == null) {
            actions = AnalystActions.create(config.kafka().properties(), config.topics(),
                    "vigil-console-" + config.streams().applicationId() + "-" + instance.instanceId());
        }
        return actions;
    }

    @Override
    public void close() {
        events.close();
        ticker.shutdownNow();
        watch.close();
        notifications.close();
        try {
            watchThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (actions != null) {
                actions.close();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
