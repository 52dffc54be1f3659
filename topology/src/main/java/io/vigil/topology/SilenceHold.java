package io.vigil.topology;

import java.util.Optional;

/**
 * When a task must not call its devices silent, because the silence it would see is the stream's own stall and not
 * a gap in the devices' input (issue 12, part 5). "Last seen" is the wall-clock time a reading was processed, so
 * whenever processing falls behind the input, devices whose readings are still waiting look silent. A task holds its
 * silence check (every due device stays due, and is judged at the first check after the hold ends) while:
 *
 * <ul>
 *   <li><b>assigned recently</b>: less than the longest silence deadline has passed since the task started here
 *       (after a restore, a rebalance, a restart). Its devices' "last seen" comes from before the gap in
 *       processing; each gets one whole deadline of processing on this instance to be seen again;</li>
 *   <li><b>input waiting</b>: the consumer knows records of the task's partition it has not fetched yet
 *       ({@link InputLag}, consumer lag above 0): a backlog;</li>
 *   <li><b>catching up</b>: the last record processed, within the last {@link #RECENT_MILLIS}, was appended more
 *       than half the shortest deadline before it was processed: the task is working through records fetched
 *       into its buffer, which the consumer lag no longer counts. An idle partition is never "catching up", so a
 *       whole partition that falls silent is still alerted on.</li>
 * </ul>
 *
 * <p>A hold only delays alerts: a device still silent when the task has caught up gets its alert then, with its
 * true silent time in the explanation.
 */
final class SilenceHold {

    /** How recent the last processed record must be for its processing delay to say the task is catching up. */
    static final long RECENT_MILLIS = 2_000;

    /** Why a check is held, as the {@code reason} tag of {@link DetectionMetrics#SILENCE_HELD}. */
    enum Reason {
        ASSIGNED_RECENTLY("assigned-recently"), INPUT_WAITING("input-waiting"), CATCHING_UP("catching-up");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    private final InputLag lag;
    private final String topic;
    private final int partition;
    private final long startedMillis;
    private long lastProcessedMillis = Long.MIN_VALUE;
    private long lastProcessingDelayMillis;

    /**
     * @param startedMillis wall-clock time the task started processing here (its processors' init, which Kafka
     *                      Streams calls once the task's stores are restored)
     */
    SilenceHold(InputLag lag, String topic, int partition, long startedMillis) {
        this.lag = lag;
        this.topic = topic;
        this.partition = partition;
        this.startedMillis = startedMillis;
    }

    /** Notes one processed record: appended (or stamped by its producer) at {@code recordMillis}, processed at {@code nowMillis}. */
    void processed(long nowMillis, long recordMillis) {
        lastProcessedMillis = nowMillis;
        lastProcessingDelayMillis = Math.max(0, nowMillis - recordMillis);
    }

    /**
     * Why the silence check at {@code nowMillis} must wait, if it must.
     *
     * @param shortestDeadlineMillis the shortest silence deadline in force
     * @param longestDeadlineMillis  the longest silence deadline in force
     */
    Optional<Reason> reason(long nowMillis, long shortestDeadlineMillis, long longestDeadlineMillis) {
        if (nowMillis - startedMillis < longestDeadlineMillis) {
            return Optional.of(Reason.ASSIGNED_RECENTLY);
        }
        if (lag.unprocessed(topic, partition) > 0) {
            return Optional.of(Reason.INPUT_WAITING);
        }
        boolean recent = lastProcessedMillis != Long.MIN_VALUE && nowMillis - lastProcessedMillis <= RECENT_MILLIS;
        if (recent && lastProcessingDelayMillis > shortestDeadlineMillis / 2) {
            return Optional.of(Reason.CATCHING_UP);
        }
        return Optional.empty();
    }
}
