package io.vigil.detectors.telemetry;

import io.vigil.detectors.Finding;

/**
 * What one telemetry rule concluded about one reading: it triggers (an OPEN, subject to cooldown) or it ends
 * the rule's open episode (a RESOLVED, unless the episode was muted).
 */
public record Verdict(Kind kind, Finding finding) {

    public enum Kind { TRIGGER, RESOLVE }

    public static Verdict trigger(Finding finding) {
        return new Verdict(Kind.TRIGGER, finding);
    }

    public static Verdict resolve(Finding finding) {
        return new Verdict(Kind.RESOLVE, finding);
    }
}
