package io.vigil.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the merged layers into a {@link VigilConfig}, collecting every bad value before
 * failing so that a user sees all mistakes at once.
 */
final class SettingsParser {

    private static final String TMPDIR_PLACEHOLDER = "${java.io.tmpdir}";

    /**
     * Kafka Streams properties Vigil sets itself from typed settings. Accepting them raw as well
     * would leave two answers to one question, so they are refused with a pointer to the right key.
     */
    private static final Map<String, Setting> OWNED_KAFKA_KEYS = Map.of(
            "application.id", Setting.APPLICATION_ID,
            "processing.guarantee", Setting.PROCESSING_GUARANTEE,
            "num.stream.threads", Setting.STREAM_THREADS,
            "commit.interval.ms", Setting.COMMIT_INTERVAL,
            "state.dir", Setting.STATE_DIR,
            "statestore.cache.max.bytes", Setting.CACHE_MAX_BYTES,
            "cache.max.bytes.buffering", Setting.CACHE_MAX_BYTES);

    private final Map<String, String> vigil = new HashMap<>();
    private final Map<String, String> kafka = new HashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    private SettingsParser() {
    }

    static VigilConfig parse(Map<String, String> merged) {
        return new SettingsParser().build(merged);
    }

    private VigilConfig build(Map<String, String> merged) {
        new TreeMap<>(merged).forEach(this::sort);
        KafkaSettings kafkaSettings = KafkaSettings.of(kafka);
        StreamsSettings streams = streams();
        TopicNames topics = topics();
        RuleSet rules = rules();
        EscalationSettings escalation = escalation();
        InputSettings input = input();
        ExpirySettings expiry = expiry();
        RocksDbSettings rocksDb = rocksDb();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new VigilConfig(kafkaSettings, topics, streams, rules, escalation, input, expiry, rocksDb);
    }

    private void sort(String key, String value) {
        String trimmed = value.strip();
        if (Setting.isVigilKey(key)) {
            if (Setting.byKey(key).isPresent()) {
                vigil.put(key, trimmed);
            } else {
                problems.add(unknownSetting(key, trimmed));
            }
        } else if (OWNED_KAFKA_KEYS.containsKey(key)) {
            String replacement = OWNED_KAFKA_KEYS.get(key).key();
            problems.add(new ConfigProblem(key, trimmed, "use " + replacement + " instead",
                    "Setting " + key + " is set by Vigil; use " + replacement + " instead"));
        } else if (!trimmed.isEmpty()) {
            kafka.put(key, trimmed);
        }
    }

    private static ConfigProblem unknownSetting(String key, String value) {
        String known = String.join(", ", Setting.keys());
        return new ConfigProblem(key, value, "known settings: " + known,
                "Unknown setting " + key + "; known settings: " + known);
    }

    private StreamsSettings streams() {
        int before = problems.size();
        String applicationId = read(Setting.APPLICATION_ID, Checks::identifier);
        ProcessingGuarantee guarantee = read(Setting.PROCESSING_GUARANTEE, (k, raw) ->
                Checks.choice(k, raw, ProcessingGuarantee.values(), ProcessingGuarantee::kafkaValue));
        Integer threads = read(Setting.STREAM_THREADS,
                (k, raw) -> Checks.parseIntBetween(k, raw, 1, StreamsSettings.MAX_THREADS));
        Duration commitInterval = read(Setting.COMMIT_INTERVAL, Checks::parsePositive);
        Path stateDir = read(Setting.STATE_DIR, SettingsParser::stateDir);
        StoreType storeType = read(Setting.STATE_STORE,
                (k, raw) -> Checks.choice(k, raw, StoreType.values(), StoreType::configValue));
        Long cacheMaxBytes = read(Setting.CACHE_MAX_BYTES, (k, raw) -> Checks.parseLongAtLeast(k, raw, 0));
        Duration grace = read(Setting.GRACE, Checks::parseNonNegative);
        if (problems.size() > before) {
            return null;
        }
        return new StreamsSettings(applicationId, guarantee, threads, commitInterval, stateDir,
                storeType, cacheMaxBytes, grace);
    }

    private TopicNames topics() {
        int before = problems.size();
        String transactions = read(Setting.TOPIC_TRANSACTIONS, Checks::topicName);
        String telemetry = read(Setting.TOPIC_TELEMETRY, Checks::topicName);
        String rules = read(Setting.TOPIC_RULES, Checks::topicName);
        String alerts = read(Setting.TOPIC_ALERTS, Checks::topicName);
        String incidents = read(Setting.TOPIC_INCIDENTS, Checks::topicName);
        String actions = read(Setting.TOPIC_ACTIONS, Checks::topicName);
        String dlq = read(Setting.TOPIC_DLQ, Checks::topicName);
        String labels = read(Setting.TOPIC_LABELS, Checks::topicName);
        Optional<String> lateEvents = readOptional(Setting.TOPIC_LATE_EVENTS, Checks::topicName);
        Integer partitions = read(Setting.TOPIC_PARTITIONS,
                (k, raw) -> Checks.parseIntBetween(k, raw, 1, TopicNames.MAX_PARTITIONS));
        Integer replication = read(Setting.TOPIC_REPLICATION_FACTOR,
                (k, raw) -> Checks.parseIntBetween(k, raw, 1, Short.MAX_VALUE));
        if (problems.size() > before) {
            return null;
        }
        try {
            return new TopicNames(transactions, telemetry, rules, alerts, incidents, actions, dlq,
                    lateEvents, partitions, replication.shortValue(), labels);
        } catch (ConfigException sharedTopic) {
            problems.addAll(sharedTopic.problems());
            return null;
        }
    }

    private RuleSet rules() {
        Optional<Path> file = readOptional(Setting.RULES_FILE, SettingsParser::rulesFile);
        try {
            return file.map(RuleSet::load).orElseGet(RuleSet::defaults);
        } catch (ConfigException badRules) {
            problems.addAll(badRules.problems());
            return null;
        }
    }

    private EscalationSettings escalation() {
        int before = problems.size();
        Integer alerts = read(Setting.ESCALATION_ALERTS, (k, raw) ->
                Checks.parseIntBetween(k, raw, EscalationSettings.MIN_ALERTS, EscalationSettings.MAX_ALERTS));
        Duration window = read(Setting.ESCALATION_WINDOW, Checks::parsePositive);
        if (problems.size() > before) {
            return null;
        }
        return new EscalationSettings(alerts, window);
    }

    private InputSettings input() {
        int before = problems.size();
        Duration skew = read(Setting.MAX_CLOCK_SKEW, (k, raw) ->
                Checks.parseDurationBetween(k, raw, InputSettings.MIN_SKEW, InputSettings.MAX_SKEW));
        ReferenceClock clock = read(Setting.CLOCK_REFERENCE,
                (k, raw) -> Checks.choice(k, raw, ReferenceClock.values(), ReferenceClock::configValue));
        if (problems.size() > before) {
            return null;
        }
        return new InputSettings(skew, clock);
    }

    /** Each kind's time-to-live, or the base {@code vigil.state.idle.ttl} when the kind's own is blank. */
    private ExpirySettings expiry() {
        int before = problems.size();
        Duration base = read(Setting.STATE_IDLE_TTL, SettingsParser::ttl);
        Optional<Duration> cards = readOptional(Setting.STATE_IDLE_TTL_CARDS, SettingsParser::ttl);
        Optional<Duration> devices = readOptional(Setting.STATE_IDLE_TTL_DEVICES, SettingsParser::ttl);
        if (problems.size() > before) {
            return null;
        }
        return new ExpirySettings(cards.orElse(base), devices.orElse(base));
    }

    private RocksDbSettings rocksDb() {
        int before = problems.size();
        Optional<Long> blockCache = readOptional(Setting.ROCKSDB_BLOCK_CACHE_BYTES,
                (k, raw) -> Checks.parseLongAtLeast(k, raw, 0));
        Optional<Boolean> bloom = readOptional(Setting.ROCKSDB_BLOOM_FILTERS, Checks::parseBoolean);
        Optional<Long> writeBuffer = readOptional(Setting.ROCKSDB_WRITE_BUFFER_BYTES,
                (k, raw) -> Checks.parseLongAtLeast(k, raw, RocksDbSettings.MIN_WRITE_BUFFER_BYTES));
        Optional<Boolean> inplace = readOptional(Setting.ROCKSDB_INPLACE_UPDATES, Checks::parseBoolean);
        Optional<Boolean> memtableBloom = readOptional(Setting.ROCKSDB_MEMTABLE_BLOOM, Checks::parseBoolean);
        if (problems.size() > before) {
            return null;
        }
        return new RocksDbSettings(blockCache, bloom, writeBuffer, inplace, memtableBloom);
    }

    private static Duration ttl(String key, String raw) {
        return Checks.parseDurationBetween(key, raw, ExpirySettings.MIN_TTL, ExpirySettings.MAX_TTL);
    }

    private static Path stateDir(String key, String raw) {
        String expanded = raw.replace(TMPDIR_PLACEHOLDER, System.getProperty("java.io.tmpdir"));
        return path(key, expanded, raw, "expected a directory path");
    }

    private static Path rulesFile(String key, String raw) {
        String allowed = "expected an existing, readable rules YAML file";
        Path path = path(key, raw, raw, allowed);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(key, raw, allowed);
        }
        return path;
    }

    private static Path path(String key, String text, String raw, String allowed) {
        if (text.isEmpty()) {
            throw new ConfigException(key, raw, allowed);
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, raw, allowed);
        }
    }

    /** Parses one setting; on a bad value records the problem and returns null to carry on. */
    private <T> T read(Setting setting, ValueParser<T> parser) {
        String raw = vigil.get(setting.key());
        if (raw == null) {
            throw new IllegalStateException("vigil-defaults.properties lacks " + setting.key());
        }
        try {
            return parser.parse(setting.key(), raw);
        } catch (ConfigException bad) {
            problems.addAll(bad.problems());
            return null;
        }
    }

    /** An optional setting: blank (or absent from every layer) means "none". */
    private <T> Optional<T> readOptional(Setting setting, ValueParser<T> parser) {
        String raw = vigil.getOrDefault(setting.key(), "");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(setting, parser));
    }

    @FunctionalInterface
    private interface ValueParser<T> {
        T parse(String key, String raw);
    }
}
