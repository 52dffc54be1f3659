package io.vigil.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.loadgen.LoadGenerator.Phase;
import io.vigil.loadgen.SendProgress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class DemoProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private long now = 100 * SECOND;
    private final List<Long> liveBegan = new ArrayList<>();

    @Test
    void shouldKeepTheHistoryCountWhileLiveTrafficWaitsForItsStartWhenTheHistoryIsSentEarly() {
        // Given a live start planned 8 s ahead, and a history of 44,036 events sent in 2 s
        DemoProgress progress = new DemoProgress(() -> now, now + 8 * SECOND, liveBegan::add);
        progress.accept(Phase.HISTORY, sent(20_000, 1));
        assertEquals("history 20,000 sent, live starts in 8 s", progress.line(now));
        now += 2 * SECOND;
        progress.accept(Phase.HISTORY, sent(44_036, 2));

        // When the live phase begins and its first reports, of nothing sent yet, arrive while it waits
        progress.accept(Phase.LIVE, sent(0, 0));
        now += SECOND;
        progress.accept(Phase.LIVE, sent(0, 1));

        // Then the history's count stays and the line says when live traffic starts, instead of "0 sent (0/s)"
        assertEquals(List.of(102 * SECOND), liveBegan);
        assertEquals("history 44,036 sent, live starts in 5 s", progress.line(now));
    }

    @Test
    void shouldSayTheHistoryIsSendingUntilTheGeneratorFirstReportsIt() {
        // Given a demo whose generator began the history less than a second ago: no report yet
        DemoProgress progress = new DemoProgress(() -> now, now + 8 * SECOND, liveBegan::add);
        String before = progress.line(now);

        // When its first report comes, and later the report of an empty history
        progress.accept(Phase.HISTORY, sent(12_043, 1));
        DemoProgress empty = new DemoProgress(() -> now, now + 8 * SECOND, liveBegan::add);
        empty.accept(Phase.HISTORY, sent(0, 0));

        // Then the line says "sending" first, never "0 sent" while events are going out, and counts afterwards
        assertEquals(List.of("history sending, live starts in 8 s", "history 12,043 sent, live starts in 8 s",
                "history 0 sent, live starts in 8 s"), List.of(before, progress.line(now), empty.line(now)));
    }

    @Test
    void shouldRateLiveTrafficOverItsOwnSendingTimeWhenItStartedAfterAWait() {
        // Given live traffic that began sending at its planned start, 5 s after the live phase began
        DemoProgress progress = new DemoProgress(() -> now, now + 5 * SECOND, liveBegan::add);
        progress.accept(Phase.HISTORY, sent(44_036, 2));
        progress.accept(Phase.LIVE, sent(0, 0));

        // When 4 s of live traffic at 1,400/s have been sent
        now += 9 * SECOND;
        progress.accept(Phase.LIVE, sent(5_600, 9));

        // Then the rate is taken over those 4 s, not over the 9 s since the phase began
        assertEquals("history 44,036 sent, live 5,600 sent (1,400/s)", progress.line(now));
    }

    @Test
    void shouldNeverCountBackWhenAnOlderReportArrivesLate() {
        // Given live counts at 3,000
        DemoProgress progress = new DemoProgress(() -> now, now, liveBegan::add);
        progress.accept(Phase.HISTORY, sent(100, 1));
        progress.accept(Phase.LIVE, sent(0, 0));
        now += 2 * SECOND;
        progress.accept(Phase.LIVE, sent(3_000, 2));

        // When a report with a smaller count comes after it (reports and reads are on different threads)
        progress.accept(Phase.LIVE, sent(2_000, 1));
        progress.accept(Phase.HISTORY, sent(50, 1));

        // Then neither counter goes back
        assertEquals(3_000, progress.liveSent());
        assertEquals(100, progress.historySent());
    }

    @Test
    void shouldFreezeTheLiveRateAndSaySoWhenTheGeneratorHasEnded() {
        // Given 10 s of live traffic at 1,000/s, then the generator ending
        DemoProgress progress = new DemoProgress(() -> now, now, liveBegan::add);
        progress.accept(Phase.LIVE, sent(0, 0));
        now += 10 * SECOND;
        progress.accept(Phase.LIVE, sent(10_000, 10));
        progress.liveEnded(now);

        // When the line is printed during the drain, 20 s later
        String line = progress.line(now + 20 * SECOND);

        // Then the rate is still the live traffic's own
        assertEquals("history 0 sent, live 10,000 sent (1,000/s), done", line);
    }

    private static SendProgress sent(long sent, long seconds) {
        return new SendProgress(sent, sent, 0, Duration.ofSeconds(seconds), Double.NaN, Duration.ZERO);
    }
}
