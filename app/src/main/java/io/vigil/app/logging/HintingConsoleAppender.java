package io.vigil.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

import java.nio.charset.StandardCharsets;

/**
 * The console appender of logback.xml, which after the first warning or error it shows can add one line saying
 * where the full log is ({@link CommandLogging}): a user who sees a warning needs the lines around it, and
 * printing the path before every command would be noise when nothing goes wrong.
 */
public final class HintingConsoleAppender extends ConsoleAppender<ILoggingEvent> {

    private volatile String hint;

    /** After the next WARN or ERROR this appender shows, it prints {@code line} once. */
    void hintOnce(String line) {
        this.hint = line;
    }

    @Override
    protected void append(ILoggingEvent event) {
        super.append(event);
        String line = hint;
        if (line != null && event.getLevel().isGreaterOrEqual(Level.WARN)) {
            hint = null;
            writeHint(line);
        }
    }

    private void writeHint(String line) {
        streamWriteLock.lock();
        try {
            getOutputStream().write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            getOutputStream().flush();
        } catch (java.io.IOException e) {
            addError("Could not write the log file hint", e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
