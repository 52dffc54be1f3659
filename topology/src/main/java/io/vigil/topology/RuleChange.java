package io.vigil.topology;

import io.vigil.config.RuleSpec;
import io.vigil.events.Rule;
import io.vigil.events.Severity;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A rule change that takes effect as a whole: the record format for publishing several rules at once.
 *
 * <p>{@code vigil rules apply} publishes a change in one transaction, but the topology's global thread reads the
 * records one at a time, and the rules topic has several partitions, so the records of one change reach it in any
 * order. A change is therefore written as its rule records, each carrying the header {@value #CHANGE_HEADER} (they
 * are <em>staged</em>, not put in force), followed by one <em>marker</em> record under the key {@value #MARKER_KEY}
 * that lists the version of every rule of the set after the change. The global thread puts the staged rules in
 * force, all at once, when it holds every listed version; until then the previous set stays in force. Stream
 * threads see the switch as one new {@link LiveRules.Snapshot}, so no thread ever runs a mix.
 *
 * <p>The marker lists the whole set, not only the changed rules, so that after compaction (which keeps only the
 * newest marker, and each rule's newest record) a replay of the topic still completes: the newest marker's versions
 * are exactly what the surviving records hold. Records without the header (older publishers, hand-written records)
 * take effect one by one as before. The marker's key is not a valid rule id, so older readers reject it as a
 * malformed rule and keep their rules; {@link RuleVerdict#of} calls it a {@link RuleVerdict.Marker}.
 */
public final class RuleChange {

    /** Key of the marker record; not a valid rule id ({@code ~} is not allowed in ids). */
    public static final String MARKER_KEY = "~rule-set";
    /** Header on each rule record of a change: the change id, shared with its marker. */
    public static final String CHANGE_HEADER = "vigil.rules.change";
    /** The marker's {@code detector} field, so that the record reads as what it is. */
    static final String MARKER_DETECTOR = "~rule-set";

    private RuleChange() {
    }

    /**
     * The records to send, in this order and in one transaction, to change the rules in force from
     * {@code inForceBefore} to the same set with {@code changed} replacing (or adding) rules of the same id.
     * This is the publisher-side function: {@code RulesTopic.publish} sends these instead of one record per rule.
     */
    public static List<ProducerRecord<String, Rule>> records(String topic, Collection<RuleSpec> changed,
                                                             Collection<RuleSpec> inForceBefore) {
        String changeId = UUID.randomUUID().toString();
        Map<String, Integer> after = new TreeMap<>();
        inForceBefore.forEach(r -> after.put(r.id(), r.version()));
        List<ProducerRecord<String, Rule>> records = new ArrayList<>(changed.size() + 1);
        for (RuleSpec rule : changed) {
            after.put(rule.id(), rule.version());
            ProducerRecord<String, Rule> record = new ProducerRecord<>(topic, rule.id(), RuleRecords.toRecord(rule));
            record.headers().add(CHANGE_HEADER, changeId.getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        ProducerRecord<String, Rule> marker = new ProducerRecord<>(topic, MARKER_KEY, marker(after));
        marker.headers().add(CHANGE_HEADER, changeId.getBytes(StandardCharsets.UTF_8));
        records.add(marker);
        return records;
    }

    /** The marker record listing {@code versions} (rule id to version) as the set after a change. */
    public static Rule marker(Map<String, Integer> versions) {
        Map<String, String> members = new java.util.HashMap<>();
        versions.forEach((id, version) -> members.put(id, Integer.toString(version)));
        return Rule.newBuilder().setRuleId(MARKER_KEY).setVersion(1).setDetector(MARKER_DETECTOR).setEnabled(true)
                .setSeverity(Severity.MEDIUM).setCooldownMillis(0).setParameters(members).build();
    }

    /** The versions a marker lists, by rule id; an unreadable version is left out. */
    static Map<String, Integer> members(Rule marker) {
        Map<String, Integer> members = new TreeMap<>();
        marker.getParameters().forEach((id, version) -> {
            try {
                members.put(id.toString(), Integer.parseInt(String.valueOf(version)));
            } catch (NumberFormatException unreadable) {
                members.put(id.toString(), Integer.MAX_VALUE);
            }
        });
        return members;
    }

    /** Whether a record with {@code headers} belongs to a change (is staged rather than put in force at once). */
    static boolean isStaged(Headers headers) {
        if (headers == null) {
            return false;
        }
        Header header = headers.lastHeader(CHANGE_HEADER);
        return header != null;
    }
}
