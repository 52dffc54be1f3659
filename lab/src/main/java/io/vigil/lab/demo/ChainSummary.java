package io.vigil.lab.demo;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What each stage of the reactive chain did in a demo run: alerts, the card-blocker's actions, escalation's
 * incidents, the feedback alerts, the notifier's notifications, and the alert-to-notification latency.
 *
 * <p>{@link #toJson()} is the {@code chain} object of {@code --summary-json}; its keys are a contract for scripts:
 * {@code eligibleAlerts}, {@code actions}, {@code missingActions}, {@code duplicateActions},
 * {@code unexpectedActions}, {@code incidents}, {@code blockedCardAlerts}, {@code notifications},
 * {@code expectedNotifications}, {@code missingNotifications}, {@code duplicateNotifications},
 * {@code latencyMsP50}, {@code latencyMsP99}, {@code minSeverity}, {@code alerts}.
 *
 * @param alerts                 distinct alerts (OPEN and RESOLVED) on the alerts topic
 * @param eligibleAlerts         alerts the card-blocker must act on
 * @param actions                distinct BLOCK_CARD actions
 * @param missingActions         eligible alerts without an action
 * @param duplicateActions       repeated action records plus eligible alerts answered by more than one action
 * @param unexpectedActions      actions answering an alert that is not eligible
 * @param incidents              distinct incidents escalation opened
 * @param blockedCardAlerts      alerts of the blocked-card rule: the feedback loop at work
 * @param notifications          distinct items the notifier delivered
 * @param expectedNotifications  distinct alerts, incidents and actions: one notification each
 * @param missingNotifications   items without a notification
 * @param duplicateNotifications deliveries beyond the first of an item
 * @param latencyMsP50           from an alert becoming visible to a read_committed reader to its notification;
 *                               NaN without any alert
 * @param latencyMsP99           as above, 99th percentile
 */
public record ChainSummary(long alerts, long eligibleAlerts, long actions, long missingActions, long duplicateActions,
                           long unexpectedActions, long incidents, long blockedCardAlerts, long notifications,
                           long expectedNotifications, long missingNotifications, long duplicateNotifications,
                           double latencyMsP50, double latencyMsP99, String minSeverity) {

    /** True when every stage did exactly its share: one action per eligible alert, one notification per item. */
    public boolean clean() {
        return missingActions == 0 && duplicateActions == 0 && unexpectedActions == 0
                && missingNotifications == 0 && duplicateNotifications == 0;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alerts", alerts);
        json.put("eligibleAlerts", eligibleAlerts);
        json.put("minSeverity", minSeverity);
        json.put("actions", actions);
        json.put("missingActions", missingActions);
        json.put("duplicateActions", duplicateActions);
        json.put("unexpectedActions", unexpectedActions);
        json.put("incidents", incidents);
        json.put("blockedCardAlerts", blockedCardAlerts);
        json.put("notifications", notifications);
        json.put("expectedNotifications", expectedNotifications);
        json.put("missingNotifications", missingNotifications);
        json.put("duplicateNotifications", duplicateNotifications);
        json.put("latencyMsP50", Double.isNaN(latencyMsP50) ? null : latencyMsP50);
        json.put("latencyMsP99", Double.isNaN(latencyMsP99) ? null : latencyMsP99);
        return json;
    }

    public void printTable(PrintStream out) {
        out.println();
        out.println("  reactive chain");
        row(out, "alerts", String.format(Locale.ROOT, "%,d distinct", alerts));
        row(out, "eligible for card-blocker", String.format(Locale.ROOT, "%,d (OPEN card alerts, severity >= %s)",
                eligibleAlerts, minSeverity));
        row(out, "BLOCK_CARD actions", String.format(Locale.ROOT, "%,d (missing %d, duplicate %d, unexpected %d)",
                actions, missingActions, duplicateActions, unexpectedActions));
        row(out, "blocked-card-used alerts", String.format(Locale.ROOT, "%,d", blockedCardAlerts));
        row(out, "incidents (escalation)", String.format(Locale.ROOT, "%,d", incidents));
        row(out, "notifications", String.format(Locale.ROOT, "%,d of %,d expected (missing %d, duplicate %d)",
                notifications, expectedNotifications, missingNotifications, duplicateNotifications));
        row(out, "alert-to-notification", Double.isNaN(latencyMsP99) ? "n/a (no alert)"
                : String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms (alert visible to notification delivered)",
                latencyMsP50, latencyMsP99));
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "    %-26s %s%n", name, value);
    }
}
