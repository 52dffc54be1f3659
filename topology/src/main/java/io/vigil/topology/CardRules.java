package io.vigil.topology;

import io.vigil.config.RuleSet;
import io.vigil.detectors.fraud.BlockedCardUseDetector;
import io.vigil.detectors.fraud.CardDetection;

import java.time.Duration;
import java.util.List;

/**
 * Everything the card processor runs for one set of rules: the fraud detectors over the card's history, and the
 * blocked-card rules over the card's block, built together so that one event sees one consistent rule set.
 */
record CardRules(CardDetection detection, List<BlockedCardUseDetector> blocked) {

    CardRules {
        blocked = List.copyOf(blocked);
    }

    static CardRules from(RuleSet rules, Duration grace) {
        return new CardRules(CardDetection.fromRules(rules, grace), BlockedCardUseDetector.fromRules(rules));
    }
}
