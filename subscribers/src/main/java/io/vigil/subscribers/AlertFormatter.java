package io.vigil.subscribers;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders an alert as one line for a person watching a terminal or a log:
 * <pre>2025-03-14 09:00:26.250Z HIGH     velocity v1 CARD card-00000042: 8 transactions in 26 s ... [alert 3f2a]</pre>
 *
 * <p>Time first (the event time that fired the alert, UTC, fixed width) and the severity padded to the widest
 * one, so that a scrolling list stays aligned and sorts by time; the rule version is shown because alerts of
 * two versions of one rule mean different thresholds; the alert id comes last because it is for lookups, not
 * reading. RESOLVED alerts say so, and name the alert they close. Line breaks in the explanation are flattened
 * so that one alert is always one line.
 */
public final class AlertFormatter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertFormatter() {
    }

    public static String format(Alert alert) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(alert.getEventTimestamp()))
                .append(' ')
                .append(String.format(Locale.ROOT, "%-8s", alert.getSeverity()))
                .append(' ')
                .append(alert.getRuleId()).append(" v").append(alert.getRuleVersion())
                .append(' ')
                .append(alert.getEntityType()).append(' ').append(alert.getEntityId());
        if (alert.getStatus() == AlertStatus.RESOLVED) {
            line.append(" RESOLVED");
        }
        line.append(": ").append(oneLine(alert.getExplanation()))
                .append(" [alert ").append(alert.getAlertId());
        if (alert.getResolvesAlertId() != null) {
            line.append(", resolves ").append(alert.getResolvesAlertId());
        }
        return line.append(']').toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
