package io.vigil.detectors.fraud;

import static java.lang.String.format;
import static java.util.Locale.ROOT;

import io.vigil.config.RuleSpec;
import io.vigil.detectors.Finding;
import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires when two consecutive card-present uses of a card are at least {@code minDistanceKm} apart and the
 * implied ground speed exceeds {@code maxSpeedKmh}: one physical card cannot be in both places. E-commerce
 * transactions carry no position and are ignored. Reads {@code maxSpeedKmh}, {@code minDistanceKm}.
 */
public final class ImpossibleTravelDetector implements FraudDetector {

    /** Floor for the time between two uses, so that simultaneous uses give a finite (huge) speed. */
    private static final double MIN_HOURS = 1.0 / 3600;

    private final RuleSpec rule;
    private final double maxSpeedKmh;
    private final double minDistanceKm;

    public ImpossibleTravelDetector(RuleSpec rule) {
        this.rule = rule;
        this.maxSpeedKmh = rule.doubleParam("maxSpeedKmh");
        this.minDistanceKm = rule.doubleParam("minDistanceKm");
    }

    @Override
    public RuleSpec rule() {
        return rule;
    }

    @Override
    public Optional<Finding> evaluate(CardState state, Transaction tx, int index) {
        Position here = CardDetection.positionOf(tx);
        Position last = state.lastPosition();
        if (here == null || last == null || tx.getChannel() != Channel.CARD_PRESENT) {
            return Optional.empty();
        }
        double km = last.distanceKm(here);
        double hours = Math.max(Math.abs(here.timestampMillis() - last.timestampMillis()) / 3_600_000.0, MIN_HOURS);
        double speed = km / hours;
        if (km < minDistanceKm || speed <= maxSpeedKmh) {
            return Optional.empty();
        }
        Position first = last.timestampMillis() <= here.timestampMillis() ? last : here;
        Position second = first == last ? here : last;
        return Optional.of(new Finding(tx.getEventId(), List.of(first.eventId(), second.eventId()),
                first.timestampMillis(), second.timestampMillis(),
                Map.of("distanceKm", km, "speedKmh", speed, "limitKmh", maxSpeedKmh),
                format(ROOT, "Card %s used in person %.0f km apart within %.0f min (%.0f km/h, limit %.0f)",
                        tx.getCardId(), km, hours * 60, speed, maxSpeedKmh)));
    }
}
