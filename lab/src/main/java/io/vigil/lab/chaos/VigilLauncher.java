package io.vigil.lab.chaos;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts {@code vigil} subcommands ({@code broker}, {@code detect}) as child JVMs running this very build.
 *
 * <p>The class path is the one this JVM runs with, unless {@value #CLASSPATH_PROPERTY} or the settings name
 * another: launched by {@code ./vigil} that is the app jar and {@code app/target/lib/*} (the launcher expands the
 * wildcard), in a test it is the test class path, and a relative entry is made absolute so a child can start
 * from any directory. Nothing depends on the current directory or a hard-coded jar name.
 */
final class VigilLauncher {

    /** System property naming the child class path explicitly. */
    static final String CLASSPATH_PROPERTY = "vigil.chaos.classpath";
    private static final String MAIN_CLASS = "io.vigil.app.VigilCommand";

    private final String java;
    private final List<String> jvmOptions;
    private final String classpath;
    private final List<ChildProcess> started = new CopyOnWriteArrayList<>();

    VigilLauncher(Optional<String> classpath, List<String> jvmOptions) {
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = absolute(classpath
                .or(() -> Optional.ofNullable(System.getProperty(CLASSPATH_PROPERTY)))
                .orElseGet(() -> System.getProperty("java.class.path")));
    }

    /** Runs {@code vigil ARGS...} with {@code environment} added, its output to {@code logFile}. */
    ChildProcess start(String name, List<String> args, Map<String, String> environment, Path logFile,
                       Consumer<String> onLine) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        command.addAll(args);
        ChildProcess child = ChildProcess.start(name, command, environment, logFile, onLine);
        started.add(child);
        return child;
    }

    /** SIGKILLs every child still alive: the last resort of a run that is being torn down. */
    void killAll() {
        for (ChildProcess child : started) {
            if (child.alive()) {
                try {
                    child.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> entry.endsWith("*")
                        ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath() + File.separator + "*"
                        : Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
