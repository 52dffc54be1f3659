package io.vigil.app;

import picocli.CommandLine.Option;

import java.util.UUID;

/**
 * The options the analyst commands ({@code vigil cards unblock}, {@code vigil alerts label}) share, as a picocli
 * mixin: who acts, and the idempotency key that makes a retry write the same record.
 */
final class AnalystCli {

    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who acts, recorded on what the command writes (default: cli:USER, the login name).")
    private String actor;

    @Option(names = "--request-id", paramLabel = "ID",
            description = "Idempotency key; repeat it to retry the same request, which then writes the same record "
                    + "(default: a new random id).")
    private String requestId;

    /** The actor given, else {@code cli:} and the login name. */
    String actor() {
        if (actor != null && !actor.isBlank()) {
            return actor;
        }
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** The request id given, else a new random one (chosen once per command). */
    String requestId() {
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        return requestId;
    }
}
