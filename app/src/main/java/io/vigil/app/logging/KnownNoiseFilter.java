package io.vigil.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.ArrayList;
import java.util.List;

/**
 * A logback filter that drops specific, known-harmless log lines, by logger and message text.
 *
 * <p>Why: the embedded broker logs a few warnings on every normal start and stop (the
 * controller "performing controller activation", an internal client closed twice at
 * shutdown). They say nothing to a Vigil user and bury real warnings in a demo's output. Raising
 * those loggers to ERROR would also hide useful warnings from the same classes (the client's
 * NetworkClient is the one that reports an unreachable cluster), so the lines are matched
 * individually instead.
 *
 * <p>Configured in logback.xml with one {@code <suppress>LOGGER|TEXT</suppress>} per line to
 * drop: an event is dropped when its logger name equals LOGGER and its formatted message, or the
 * message of the exception it carries, contains TEXT (so a rule can name the one exception it is
 * about rather than every error a logger reports).
 */
public final class KnownNoiseFilter extends Filter<ILoggingEvent> {

    private final List<Suppression> suppressions = new ArrayList<>();

    /** Adds a {@code LOGGER|TEXT} rule; called by logback for every {@code <suppress>} element. */
    public void addSuppress(String rule) {
        int separator = rule.indexOf('|');
        if (separator <= 0 || separator == rule.length() - 1) {
            addError("Expected <suppress>LOGGER|TEXT</suppress>, got '" + rule + "'");
            return;
        }
        suppressions.add(new Suppression(rule.substring(0, separator).trim(),
                rule.substring(separator + 1).trim()));
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        for (Suppression suppression : suppressions) {
            if (suppression.logger().equals(event.getLoggerName()) && mentions(event, suppression.text())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean mentions(ILoggingEvent event, String text) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains(text)) {
            return true;
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        return thrown != null && thrown.getMessage() != null && thrown.getMessage().contains(text);
    }

    private record Suppression(String logger, String text) {
    }
}
