package io.vigil.lab.chaos;

import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.lab.chaos.TopicLog.RawRecord;

import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a chaos run after it, the way Kafka's own exactly-once system tests do: everything is read with
 * {@code read_committed} once the instances are stopped, and compared with what the oracle says must be there.
 *
 * <ul>
 *   <li>No hanging transactions: on every topic, the last stable offset reaches the end offset (a transaction
 *       left open by a killed producer is aborted by the broker after {@code transaction.timeout.ms}, so the
 *       check waits that long before it counts one);</li>
 *   <li>every committed alert id is unique, and the committed alerts equal the oracle's exactly, by id and by
 *       what they say: rule, version, entity, severity, status, triggering events and explanation, mismatches
 *       reported per field ({@link AlertComparison}); silence rules apart, which are checked per episode, and
 *       each OPEN must be explained by a real gap in the device's input, else it counts as unexpected;</li>
 *   <li>every record that had to fail is in the DLQ exactly once with its original bytes, and nothing else is;</li>
 *   <li>the consumer group is empty once the instances are stopped.</li>
 * </ul>
 */
public final class ChaosVerifier {

    /** Longer than Kafka Streams' transaction timeout (10 s) plus the broker's abort check interval (10 s). */
    static final Duration HANGING_WAIT = Duration.ofSeconds(45);
    static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    private static final int LISTED = 20;

    /** Everything the verification found; see the class Javadoc for what each part means. */
    public record Result(long inputRecords, int expectedAlerts, int committedAlerts, int distinctCommittedAlerts,
                  int duplicates, List<String> duplicatedIds, int missing, List<String> missingAlerts, int unexpected,
                  List<String> unexpectedAlerts, Map<String, Integer> expectedByRule,
                  Map<String, Integer> committedByRule, int silenceOpen, int silenceResolved,
                  List<String> silenceViolations, int hangingTransactions, Map<String, Long> hangingPartitions,
                  int openTransactions, DeadLetters.Check deadLetters, boolean groupEmpty, String groupState,
                  double hangingWaitSeconds, int unexplainedSilence, int mismatchedAlerts,
                  Map<String, Integer> mismatchesByField, List<String> mismatchExamples) {
    }

    private final VigilConfig config;
    private final TopicLog log;
    private final ClusterState cluster;
    private final Deserializer<Alert> alerts;
    private final Oracle oracle;

    ChaosVerifier(VigilConfig config, TopicLog log, ClusterState cluster, Deserializer<Alert> alerts, Oracle oracle) {
        this.config = config;
        this.log = log;
        this.cluster = cluster;
        this.alerts = alerts;
        this.oracle = oracle;
    }

    Result verify() throws InterruptedException {
        long hangingStart = System.nanoTime();
        Map<TopicPartition, Long> hanging = awaitStable();
        double hangingWait = (System.nanoTime() - hangingStart) / 1e9;
        int open = cluster.openTransactions().size();
        Optional<GroupListing> group = awaitEmptyGroup();

        oracle.replay(log);
        Map<String, Oracle.ExpectedAlert> expected = oracle.expectedAlerts();
        List<Alert> committed = new ArrayList<>();
        for (RawRecord r : log.readCommitted(config.topics().alerts())) {
            committed.add(alerts.deserialize(r.topic(), r.value()));
        }

        Map<String, Alert> distinct = new LinkedHashMap<>();
        List<String> duplicatedIds = new ArrayList<>();
        for (Alert alert : committed) {
            if (distinct.putIfAbsent(alert.getAlertId(), alert) != null) {
                duplicatedIds.add(describe(alert));
            }
        }
        Set<String> silenceRules = oracle.silenceRules();
        Map<String, Alert> expectedAlerts = new LinkedHashMap<>();
        expected.forEach((id, e) -> expectedAlerts.put(id, e.alert()));
        AlertComparison comparison = AlertComparison.compare(expectedAlerts, distinct.values(), silenceRules,
                oracle::silenceExplained);
        List<String> missing = comparison.missing();
        List<String> unexpected = comparison.unexpected();

        Map<String, Integer> expectedByRule = new TreeMap<>();
        expected.values().forEach(e -> expectedByRule.merge(e.ruleId(), 1, Integer::sum));
        Map<String, Integer> committedByRule = new TreeMap<>();
        distinct.values().forEach(a -> committedByRule.merge(a.getRuleId(), 1, Integer::sum));

        SilenceCheck silence = checkSilence(distinct.values(), silenceRules);
        DeadLetters.Check dlq = DeadLetters.check(DeadLetters.read(log, config.topics().dlq()), oracle.mustFail());

        Map<String, Long> hangingByName = new TreeMap<>();
        hanging.forEach((tp, gap) -> hangingByName.put(tp.toString(), gap));
        boolean groupEmpty = group.isEmpty() || group.get().groupState().map(s -> s == GroupState.EMPTY
                || s == GroupState.DEAD).orElse(false);
        return new Result(oracle.records(), expected.size(), committed.size(), distinct.size(), duplicatedIds.size(),
                first(duplicatedIds), missing.size(), first(missing), unexpected.size(), first(unexpected),
                expectedByRule, committedByRule, silence.open, silence.resolved, first(silence.violations),
                hanging.size(), hangingByName, open, dlq, groupEmpty,
                group.map(g -> g.groupState().map(Enum::name).orElse("UNKNOWN")).orElse("NONE"), hangingWait,
                comparison.unexplainedSilence(), comparison.mismatchedAlerts(), comparison.mismatchesByField(),
                first(comparison.mismatches().stream().map(AlertComparison.Mismatch::toString).toList()));
    }

    private Map<TopicPartition, Long> awaitStable() throws InterruptedException {
        long deadline = System.nanoTime() + HANGING_WAIT.toNanos();
        Map<TopicPartition, Long> behind = cluster.partitionsBehindLastStableOffset();
        while (!behind.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            behind = cluster.partitionsBehindLastStableOffset();
        }
        return behind;
    }

    private Optional<GroupListing> awaitEmptyGroup() throws InterruptedException {
        long deadline = System.nanoTime() + GROUP_WAIT.toNanos();
        String groupId = config.streams().applicationId();
        Optional<GroupListing> group = cluster.group(groupId);
        while (group.isPresent() && group.get().groupState().map(s -> s != GroupState.EMPTY).orElse(true)
                && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            group = cluster.group(groupId);
        }
        return group;
    }

    private record SilenceCheck(int open, int resolved, List<String> violations) {
    }

    /**
     * Silence alerts depend on the wall clock, so they are checked by episode: an episode is the silence after a
     * device's reading, and the OPEN names that reading. At most one OPEN per episode, each naming a reading the
     * device really sent, and each RESOLVED closing a committed OPEN (at most one per OPEN: its id is derived
     * from the OPEN's, so a second would be a duplicate id, counted above).
     */
    private SilenceCheck checkSilence(Iterable<Alert> distinct, Set<String> silenceRules) {
        Map<String, String> openByEpisode = new HashMap<>();
        Set<String> openIds = new HashSet<>();
        List<Alert> resolved = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        int opens = 0;
        for (Alert alert : distinct) {
            if (!silenceRules.contains(alert.getRuleId())) {
                continue;
            }
            if (alert.getStatus() == AlertStatus.RESOLVED) {
                resolved.add(alert);
                continue;
            }
            opens++;
            openIds.add(alert.getAlertId());
            String reading = alert.getTriggeringEventIds().isEmpty() ? "" : alert.getTriggeringEventIds().get(0);
            String episode = alert.getRuleId() + "|" + alert.getEntityId() + "|" + reading;
            String earlier = openByEpisode.putIfAbsent(episode, alert.getAlertId());
            if (earlier != null) {
                violations.add("two OPENs for one silence episode of " + alert.getEntityId() + " after " + reading
                        + ": " + earlier + ", " + alert.getAlertId());
            }
            if (!oracle.sawReading(alert.getEntityId(), reading)) {
                violations.add("silence OPEN " + alert.getAlertId() + " names reading '" + reading + "', which "
                        + alert.getEntityId() + " never sent");
            }
        }
        for (Alert alert : resolved) {
            if (alert.getResolvesAlertId() == null || !openIds.contains(alert.getResolvesAlertId())) {
                violations.add("silence RESOLVED " + alert.getAlertId() + " on " + alert.getEntityId()
                        + " closes no committed OPEN (" + alert.getResolvesAlertId() + ")");
            }
        }
        return new SilenceCheck(opens, resolved.size(), violations);
    }

    private static String describe(Alert a) {
        return a.getRuleId() + " " + a.getStatus() + " on " + a.getEntityId() + " (" + a.getAlertId() + ")";
    }

    private static List<String> first(List<String> items) {
        return List.copyOf(items.subList(0, Math.min(LISTED, items.size())));
    }
}
