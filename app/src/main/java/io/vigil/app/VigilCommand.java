package io.vigil.app;

import io.vigil.app.logging.CommandLogging;
import io.vigil.config.ConfigException;
import io.vigil.runtime.ActionableException;

import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;

import java.util.Optional;

/**
 * The {@code vigil} command line: the root command, which only dispatches to its subcommands.
 *
 * <p>Why the root does nothing itself: every action needs its own options and lifecycle (a
 * broker that runs until stopped, a benchmark that ends with a report), and a root without a
 * default action makes picocli answer a bare {@code vigil} with "Missing required subcommand",
 * usage help and exit code 2, which is what a user mistyping a command needs.
 *
 * <p>Exit codes: 0 success, 1 failure (one line for failures the user can fix, a logged stack
 * trace for anything else), 2 invalid command line.
 */
@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VigilCommand.ManifestVersion.class,
        description = "Real-time card-fraud and IoT-anomaly detection on Kafka Streams.",
        subcommands = {
                DemoCommand.class,
                DetectCommand.class,
                GenerateCommand.class,
                SubscribeCommand.class,
                RulesCommand.class,
                QueryCommand.class,
                CardsCommand.class,
                AlertsCommand.class,
                BacktestCommand.class,
                EvalCommand.class,
                BenchCommand.class,
                ChaosCommand.class,
                BrokerCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'vigil COMMAND --help' for the options of a command."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Success",
                "1:Failure; the message on stderr says why",
                "2:Invalid command line"
        })
public final class VigilCommand {

    private static final Logger LOG = LoggerFactory.getLogger(VigilCommand.class);

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show on stderr the INFO logs (Vigil's, Kafka's) that otherwise only go to the log "
                    + "file under logs/.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, so tests run exactly what {@link #main} runs. */
    public static CommandLine commandLine() {
        return new CommandLine(new VigilCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true)
                .setExecutionExceptionHandler(VigilCommand::handleFailure)
                .setExecutionStrategy(VigilCommand::execute);
    }

    /** Routes the logs of the command about to run (see {@link CommandLogging}), then runs it. */
    private static int execute(ParseResult parsed) {
        if (parsed.hasSubcommand() && !helpRequested(parsed)) {
            VigilCommand root = parsed.commandSpec().commandLine().getCommand();
            CommandLogging.configure(parsed.subcommand().commandSpec().name(), root.verbose);
        }
        return new RunLast().execute(parsed);
    }

    private static boolean helpRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()
                    || p.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
                return true;
            }
        }
        return false;
    }

    private static int handleFailure(Exception failure, CommandLine command, ParseResult parsed) {
        String name = command.getCommandSpec().qualifiedName();
        if (failure instanceof ActionableException || failure instanceof ConfigException) {
            command.getErr().println(name + ": " + failure.getMessage());
            LOG.debug("{} failed", name, failure);
        } else {
            LOG.error("{} failed", name, failure);
        }
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** Versions from the jar manifest (Implementation-Version), or "dev" when run from classes. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(VigilCommand.class.getPackage().getImplementationVersion())
                    .orElse("dev");
            return new String[] {
                    "vigil " + version,
                    "Kafka " + AppInfoParser.getVersion(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
