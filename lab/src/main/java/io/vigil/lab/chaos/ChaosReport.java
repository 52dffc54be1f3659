package io.vigil.lab.chaos;

import io.vigil.config.ProcessingGuarantee;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a chaos run: a verdict, the reasons for a FAIL, and every number behind them, as JSON and as
 * one line.
 *
 * <p>PASS means all of it held: no duplicate, missing or unexpected alert (a silence alert no gap in the
 * device's input explains is unexpected); every alert saying what the replay says, field by field; no hanging
 * transaction; the DLQ exactly as it must be; silence episodes consistent; the group empty at the end; in the poison
 * scenario, no instance exited by itself; and the run really did what it set out to do (the oracle expected alerts,
 * every fault was injected, and under exactly-once at least one kill landed inside an open transaction).
 */
public final class ChaosReport {

    /** One thing the harness did to the system, and when (seconds after the run started). */
    public record Fault(double atSeconds, String action, String target, Map<String, Object> detail) {
    }

    /** Per instance: how often it was started, exits nobody asked for, records restored from changelogs. */
    public record InstanceStats(String instanceId, int starts, List<Integer> unexpectedExitCodes,
                                long restoredRecords) {
    }

    /** Wall-clock phases of the run, in seconds. */
    public record Durations(double startup, double load, double drain, double verify, double total) {
    }

    /** What the load generator sent. */
    public record Load(long sent, long acknowledged, long failed) {
    }

    private final ChaosSettings settings;
    private final ChaosVerifier.Result result;
    private final List<Fault> faults;
    private final List<InstanceStats> instances;
    private final Load load;
    private final Durations durations;
    private final int poisonSent;
    private final boolean allFaultsInjected;
    private final boolean drained;
    private final Map<String, Object> runSettings;
    private final Double recoverySeconds;
    private final List<String> failures = new ArrayList<>();

    ChaosReport(ChaosSettings settings, ChaosVerifier.Result result, List<Fault> faults, List<InstanceStats> instances,
                Load load, Durations durations, int poisonSent, boolean allFaultsInjected, boolean drained,
                Map<String, Object> runSettings, Double recoverySeconds) {
        this.settings = settings;
        this.result = result;
        this.faults = List.copyOf(faults);
        this.instances = List.copyOf(instances);
        this.load = load;
        this.durations = durations;
        this.poisonSent = poisonSent;
        this.allFaultsInjected = allFaultsInjected;
        this.drained = drained;
        this.runSettings = runSettings;
        this.recoverySeconds = recoverySeconds;
        judge();
    }

    private void judge() {
        failIf(result.duplicates() > 0, result.duplicates() + " duplicate alert(s)");
        failIf(result.missing() > 0, result.missing() + " missing alert(s)");
        failIf(result.unexpected() > 0, result.unexpected() + " unexpected alert(s)" + (result.unexplainedSilence() == 0
                ? "" : " (" + result.unexplainedSilence() + " of them silence no gap in the device's input explains)"));
        failIf(result.mismatchedAlerts() > 0, result.mismatchedAlerts() + " alert(s) saying something else than the "
                + "replay (" + byField() + ")");
        failIf(result.hangingTransactions() > 0, result.hangingTransactions()
                + " partition(s) with a hanging transaction (last stable offset behind the end)");
        DeadLetters.Check dlq = result.deadLetters();
        failIf(!dlq.exact(), "DLQ holds " + dlq.records() + " record(s), expected exactly " + dlq.expected()
                + " (missing " + dlq.missing().size() + ", duplicated " + dlq.duplicated().size() + ", unexpected "
                + dlq.unexpected().size() + ", altered " + dlq.alteredBytes().size() + ", without headers "
                + dlq.missingHeaders().size() + ")");
        failIf(!result.silenceViolations().isEmpty(), result.silenceViolations().size()
                + " silence episode violation(s)");
        failIf(!result.groupEmpty(), "consumer group not empty after the instances stopped (" + result.groupState() + ")");
        failIf(result.expectedAlerts() == 0, "the oracle expected no alert at all, so the run proves nothing");
        failIf(!allFaultsInjected, "not every planned fault was injected");
        failIf(!drained, "the instances had not caught up with the input when the run ended");
        // Poison must never stop an instance: one that reached ERROR exits (vigil detect exits 1) and is restarted,
        // so the DLQ could still come out exact while detection had stopped in between.
        failIf(settings.scenario() == ChaosScenario.POISON && unexpectedExits() > 0, unexpectedExits()
                + " instance exit(s) nobody asked for: poison must leave every instance RUNNING");
        boolean killsPlanned = settings.scenario() == ChaosScenario.CRASH_ROTATION
                || settings.scenario() == ChaosScenario.STATE_LOSS || settings.scenario() == ChaosScenario.ZOMBIE;
        boolean exactlyOnce = settings.guarantee() != ProcessingGuarantee.AT_LEAST_ONCE;
        failIf(killsPlanned && exactlyOnce && killsInOpenTransaction() == 0,
                "no fault landed inside an open transaction");
    }

    private void failIf(boolean condition, String reason) {
        if (condition) {
            failures.add(reason);
        }
    }

    /** e.g. {@code explanation 3, version 1}: the content mismatches per field. */
    private String byField() {
        List<String> parts = new ArrayList<>();
        result.mismatchesByField().forEach((field, n) -> parts.add(field + " " + n));
        return String.join(", ", parts);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public String verdict() {
        return passed() ? "PASS" : "FAIL";
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public ChaosVerifier.Result result() {
        return result;
    }

    /** What the harness did, in order. */
    public List<Fault> faults() {
        return faults;
    }

    /**
     * The longest time from a disrupting fault to the first alert committed after it, in seconds; null when the
     * run had no such fault or an alert never came after one (each fault's detail says which).
     */
    public Double recoverySeconds() {
        return recoverySeconds;
    }

    public long unexpectedExits() {
        return instances.stream().mapToLong(i -> i.unexpectedExitCodes().size()).sum();
    }

    public long killsInOpenTransaction() {
        return faults.stream().filter(f -> Boolean.TRUE.equals(f.detail().get("inOpenTransaction"))).count();
    }

    /** e.g. {@code chaos crash-rotation (exactly_once_v2): PASS - 212 expected alerts, 212 committed, ...}. */
    public String oneLine() {
        DeadLetters.Check dlq = result.deadLetters();
        return String.format(Locale.ROOT, "chaos %s (%s): %s - %d expected alerts, %d committed, %d duplicates, "
                        + "%d missing, %d unexpected, %d differing%s, %d hanging transactions, DLQ %d/%d, %d fault(s) "
                        + "(%d inside an open transaction)%s%s, %d broker(s), %.0f s%s",
                settings.scenario().id(), settings.guarantee().kafkaValue(), verdict(), result.expectedAlerts(),
                result.committedAlerts(), result.duplicates(), result.missing(), result.unexpected(),
                result.mismatchedAlerts(), result.mismatchedAlerts() == 0 ? "" : " (" + byField() + ")",
                result.hangingTransactions(), dlq.records(), dlq.expected(), faults.size(), killsInOpenTransaction(),
                unexpectedExits() == 0 ? "" : ", " + unexpectedExits() + " instance exit(s) nobody asked for (restarted)",
                recoverySeconds == null ? "" : String.format(Locale.ROOT, ", recovery %.1f s", recoverySeconds),
                settings.brokers(), durations.total(), passed() ? "" : "; " + String.join("; ", failures));
    }

    /** The report as the JSON object {@code --json} writes. */
    public Map<String, Object> toJson() {
        DeadLetters.Check dlq = result.deadLetters();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", settings.scenario().id());
        json.put("verdict", verdict());
        json.put("processingGuarantee", settings.guarantee().kafkaValue());
        json.put("brokers", settings.brokers());
        json.put("groupProtocol", settings.groupProtocol());
        json.put("failures", failures);
        json.put("expectedAlerts", result.expectedAlerts());
        json.put("committedAlerts", result.committedAlerts());
        json.put("distinctCommittedAlerts", result.distinctCommittedAlerts());
        json.put("duplicates", result.duplicates());
        json.put("missing", result.missing());
        json.put("unexpected", result.unexpected());
        json.put("unexplainedSilence", result.unexplainedSilence());
        json.put("contentMismatches", Map.of("alerts", result.mismatchedAlerts(), "byField",
                result.mismatchesByField()));
        json.put("hangingTransactions", result.hangingTransactions());
        json.put("dlqRecords", dlq.records());
        json.put("expectedDlqRecords", dlq.expected());
        json.put("poisonRecordsSent", poisonSent);
        json.put("openTransactionsAtEnd", result.openTransactions());
        json.put("groupEmpty", result.groupEmpty());
        json.put("groupState", result.groupState());
        json.put("inputRecords", result.inputRecords());
        json.put("expectedByRule", result.expectedByRule());
        json.put("committedByRule", result.committedByRule());
        json.put("silence", Map.of("open", result.silenceOpen(), "resolved", result.silenceResolved(),
                "violations", result.silenceViolations()));
        Map<String, Object> examples = new LinkedHashMap<>();
        examples.put("duplicatedAlerts", result.duplicatedIds());
        examples.put("missingAlerts", result.missingAlerts());
        examples.put("unexpectedAlerts", result.unexpectedAlerts());
        examples.put("contentMismatches", result.mismatchExamples());
        examples.put("hangingPartitions", result.hangingPartitions());
        examples.put("dlqMissing", strings(dlq.missing()));
        examples.put("dlqDuplicated", strings(dlq.duplicated()));
        examples.put("dlqUnexpected", strings(dlq.unexpected()));
        examples.put("dlqAlteredBytes", strings(dlq.alteredBytes()));
        examples.put("dlqMissingHeaders", strings(dlq.missingHeaders()));
        json.put("examples", examples);
        json.put("recoverySeconds", recoverySeconds);
        json.put("kills", faults.stream().filter(f -> f.action().startsWith("kill")).count());
        json.put("killsInOpenTransaction", killsInOpenTransaction());
        json.put("faults", faults);
        json.put("unexpectedInstanceExits", unexpectedExits());
        json.put("instances", instances);
        json.put("load", load);
        json.put("durations", Map.of("startupSeconds", round(durations.startup()), "loadSeconds",
                round(durations.load()), "drainSeconds", round(durations.drain()), "verifySeconds",
                round(durations.verify()), "totalSeconds", round(durations.total()), "hangingWaitSeconds",
                round(result.hangingWaitSeconds())));
        json.put("settings", runSettings);
        return json;
    }

    public void writeJson(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the chaos report to " + file, e);
        }
    }

    private static List<String> strings(List<?> items) {
        return items.stream().limit(20).map(Object::toString).toList();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
