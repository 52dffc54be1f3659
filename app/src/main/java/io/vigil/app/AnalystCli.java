package io.vigil.app;

/** What the analyst commands ({@code vigil cards unblock}, {@code vigil alerts label}) share. */
final class AnalystCli {

    private AnalystCli() {
    }

    /** The actor recorded on what the command writes: the one given, else {@code cli:} and the login name. */
    static String actor(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
