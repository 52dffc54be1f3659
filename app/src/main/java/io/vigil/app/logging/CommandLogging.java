package io.vigil.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where a command's logs go, decided once the command line has been parsed.
 *
 * <p>Why: a command's own output (progress, alerts, the summary) is what its user reads; the broker's, the
 * clients' and Vigil's own log lines interleaved with it make the first screen hard to read. So, when the
 * launcher names a log directory ({@value #LOG_DIR_PROPERTY}), every log line at INFO and above (Kafka's
 * included) goes to {@code DIR/vigil-COMMAND.log}, rewritten by each run of that command, and the console only
 * shows WARN and above, followed once by where the rest is. {@code --verbose} shows on the console what goes to
 * the file. A second process of the same command running at the same time (two {@code detect} instances) writes
 * to {@code DIR/vigil-COMMAND-PID.log} instead of overwriting the first one's file.
 *
 * <p>Without that property (the container image, the chaos command's child processes, tests) nothing changes:
 * logback.xml's console logging stays as it is, because there the console is where logs are collected.
 */
public final class CommandLogging {

    /** System property naming the log directory; the {@code vigil} launcher sets it to {@code logs/} in the checkout. */
    public static final String LOG_DIR_PROPERTY = "vigil.log.dir";
    /** The console appender's name in logback.xml. */
    static final String CONSOLE = "STDERR";
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    /** Loggers logback.xml keeps at WARN for the console; the file takes their INFO lines too. */
    private static final String[] QUIET_ON_CONSOLE = {"org.apache.kafka", "kafka", "state.change.logger"};

    private static volatile Path file;
    /** Held for the life of the process: the claim on the command's log file name. */
    private static FileLock claim;

    private CommandLogging() {
    }

    /**
     * Sends the logs of {@code command} (a subcommand name such as {@code demo}) to its log file, when the log
     * directory is set; with {@code verbose} the console shows them as well.
     */
    public static void configure(String command, boolean verbose) {
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        if (dir == null || dir.isBlank() || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Path logFile = claim(Path.of(dir).toAbsolutePath().normalize(), "vigil-" + command);
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(logFile.toString());
        appender.setAppend(false);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd} " + PATTERN);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            // logback reports why on its status (e.g. a read-only checkout); the console logging stays as it was.
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        if (console != null && !verbose) {
            ThresholdFilter warnAndAbove = new ThresholdFilter();
            warnAndAbove.setLevel(Level.WARN.toString());
            warnAndAbove.start();
            console.addFilter(warnAndAbove);
        }
        if (console instanceof HintingConsoleAppender hinting) {
            hinting.hintOnce("vigil: more in the log file " + display(logFile));
        }
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        for (String name : QUIET_ON_CONSOLE) {
            context.getLogger(name).setLevel(null);
        }
        file = logFile;
    }

    /**
     * {@code DIR/NAME.log}, unless another process holds it: then {@code DIR/NAME-PID.log}. The claim is a lock on
     * {@code NAME.log.lock}, released by the operating system when the process ends, however it ends.
     */
    static synchronized Path claim(Path dir, String name) {
        Path plain = dir.resolve(name + ".log");
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(name + ".log.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                claim = lock;
                return plain;
            }
            channel.close();
        } catch (IOException | RuntimeException e) {
            // No lock (e.g. a file system without locks): a file of this process's own cannot clash.
        }
        return dir.resolve(name + "-" + ProcessHandle.current().pid() + ".log");
    }

    /** The current command's log file, when its logs go to one. */
    public static Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The log file as a user would type it: relative to the working directory when it lies below it. */
    public static Optional<String> displayFile() {
        return file().map(CommandLogging::display);
    }

    static String display(Path logFile) {
        Path cwd = Path.of("").toAbsolutePath();
        return logFile.startsWith(cwd) ? cwd.relativize(logFile).toString() : logFile.toString();
    }
}
