package io.vigil.loadgen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Several scenarios played together (e.g. card fraud and device telemetry), each phase merged by event time,
 * so pacing by event time keeps every part at its own rate. Ties keep the order the parts were given in.
 */
public final class CombinedScenario implements Scenario {

    private final List<Scenario> parts;

    public CombinedScenario(List<Scenario> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a combined scenario needs at least one part");
        }
        this.parts = List.copyOf(parts);
    }

    @Override
    public Instant start() {
        return parts.stream().map(Scenario::start).min(Comparator.naturalOrder()).orElseThrow();
    }

    @Override
    public double eventsPerSecond() {
        return parts.stream().mapToDouble(Scenario::eventsPerSecond).sum();
    }

    @Override
    public Iterator<GeneratedEvent> history() {
        return merge(parts.stream().map(Scenario::history).toList());
    }

    @Override
    public Iterator<GeneratedEvent> live() {
        return merge(parts.stream().map(Scenario::live).toList());
    }

    @Override
    public GroundTruth groundTruth() {
        List<Injection> all = new ArrayList<>();
        for (Scenario part : parts) {
            all.addAll(part.groundTruth().injections());
        }
        all.sort(Comparator.comparing(Injection::firstEventTime));
        return new GroundTruth(all);
    }

    @Override
    public long skippedInjections() {
        return parts.stream().mapToLong(Scenario::skippedInjections).sum();
    }

    private static Iterator<GeneratedEvent> merge(List<Iterator<GeneratedEvent>> sources) {
        record Head(GeneratedEvent event, int source) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator
                .comparing((Head h) -> h.event().eventTime())
                .thenComparingInt(Head::source));
        return new Iterator<>() {
            private boolean primed;

            private void prime() {
                if (!primed) {
                    for (int i = 0; i < sources.size(); i++) {
                        advance(i);
                    }
                    primed = true;
                }
            }

            private void advance(int source) {
                if (sources.get(source).hasNext()) {
                    heads.add(new Head(sources.get(source).next(), source));
                }
            }

            @Override
            public boolean hasNext() {
                prime();
                return !heads.isEmpty();
            }

            @Override
            public GeneratedEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("combined scenario exhausted");
                }
                Head head = heads.poll();
                advance(head.source());
                return head.event();
            }
        };
    }
}
