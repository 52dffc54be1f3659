package io.vigil.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class CommandLoggingTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameAFileOfItsOwnWhenTheCommandsLogFileIsAlreadyClaimed() {
        // Given a process that claimed the demo's log file name (the lock is per file, so a second claim from
        // this JVM meets it like a second process would)
        Path first = CommandLogging.claim(dir, "vigil-demo-claimed");

        // When another run of the same command claims the name while the first one runs
        Path second = CommandLogging.claim(dir, "vigil-demo-claimed");

        // Then the first keeps the plain name and the second writes beside it, named by its process id,
        // instead of overwriting the first one's log
        assertEquals(dir.resolve("vigil-demo-claimed.log"), first);
        assertEquals(dir.resolve("vigil-demo-claimed-" + ProcessHandle.current().pid() + ".log"), second);
    }

    @Test
    void shouldShowTheLogFileRelativeToTheWorkingDirectoryWhenItLiesBelowIt() {
        // Given log files below the working directory and elsewhere
        Path below = Path.of("logs", "vigil-demo.log").toAbsolutePath();

        // When shown to the user, then the one below is as a user would type it, the other in full
        assertEquals(Path.of("logs", "vigil-demo.log").toString(), CommandLogging.display(below));
        assertEquals(dir.resolve("x.log").toString(), CommandLogging.display(dir.resolve("x.log")));
    }
}
