package io.vigil.lab.chaos;

import io.vigil.lab.chaos.TopicLog.Coordinates;
import io.vigil.lab.chaos.TopicLog.RawRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The dead-letter queue as Kafka Streams writes it ({@code errors.dead.letter.queue.topic.name}, Kafka 4.2+),
 * and the check that it holds exactly the records it must.
 *
 * <p>Kafka Streams copies the failed record's original key and value bytes and adds headers naming the source
 * topic, partition and offset and the exception; this class reads those headers back, so a dead letter can be
 * matched to the input record it came from.
 */
public final class DeadLetters {

    public static final String TOPIC_HEADER = "__streams.errors.topic";
    public static final String PARTITION_HEADER = "__streams.errors.partition";
    public static final String OFFSET_HEADER = "__streams.errors.offset";
    public static final String EXCEPTION_HEADER = "__streams.errors.exception";
    public static final String MESSAGE_HEADER = "__streams.errors.message";
    public static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";

    /** One DLQ record: where its source record was, what failed, and the bytes it carries. */
    public record DeadLetter(Coordinates source, String exception, String message, boolean hasStacktrace,
                             byte[] key, byte[] value, Coordinates at) {
    }

    /**
     * The outcome of comparing the DLQ with what must be in it.
     *
     * @param records        DLQ records read ({@code read_committed})
     * @param expected       input records that had to be dead-lettered
     * @param missing        expected records with no DLQ record
     * @param duplicated     expected records with more than one DLQ record
     * @param unexpected     DLQ records for input records that did not have to fail
     * @param alteredBytes   DLQ records whose key or value differs from the original record's
     * @param missingHeaders DLQ records lacking the source coordinates or the exception
     */
    public record Check(int records, int expected, List<Coordinates> missing, List<Coordinates> duplicated,
                        List<Coordinates> unexpected, List<Coordinates> alteredBytes, List<Coordinates> missingHeaders) {

        public boolean exact() {
            return records == expected && missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty()
                    && alteredBytes.isEmpty() && missingHeaders.isEmpty();
        }
    }

    private DeadLetters() {
    }

    /** Reads the DLQ topic's committed records. */
    public static List<DeadLetter> read(TopicLog log, String dlqTopic) {
        List<DeadLetter> letters = new ArrayList<>();
        for (RawRecord r : log.readCommitted(dlqTopic)) {
            letters.add(parse(r));
        }
        return letters;
    }

    static DeadLetter parse(RawRecord r) {
        String topic = header(r, TOPIC_HEADER);
        String partition = header(r, PARTITION_HEADER);
        String offset = header(r, OFFSET_HEADER);
        Coordinates source = topic == null || partition == null || offset == null ? null
                : new Coordinates(topic, Integer.parseInt(partition), Long.parseLong(offset));
        return new DeadLetter(source, header(r, EXCEPTION_HEADER), header(r, MESSAGE_HEADER),
                r.headers().containsKey(STACKTRACE_HEADER), r.key(), r.value(), r.coordinates());
    }

    /**
     * Compares the dead letters with the input records that had to fail.
     *
     * @param mustFail the original input records, by their coordinates
     */
    public static Check check(List<DeadLetter> letters, Map<Coordinates, RawRecord> mustFail) {
        Map<Coordinates, Integer> counts = new HashMap<>();
        SortedSet<Coordinates> unexpected = new TreeSet<>();
        SortedSet<Coordinates> altered = new TreeSet<>();
        SortedSet<Coordinates> missingHeaders = new TreeSet<>();
        for (DeadLetter letter : letters) {
            if (letter.source() == null || letter.exception() == null) {
                missingHeaders.add(letter.at());
                continue;
            }
            counts.merge(letter.source(), 1, Integer::sum);
            RawRecord original = mustFail.get(letter.source());
            if (original == null) {
                unexpected.add(letter.source());
            } else if (!Arrays.equals(original.key(), letter.key()) || !Arrays.equals(original.value(), letter.value())) {
                altered.add(letter.source());
            }
        }
        SortedSet<Coordinates> missing = new TreeSet<>();
        SortedSet<Coordinates> duplicated = new TreeSet<>();
        for (Coordinates c : mustFail.keySet()) {
            int n = counts.getOrDefault(c, 0);
            if (n == 0) {
                missing.add(c);
            } else if (n > 1) {
                duplicated.add(c);
            }
        }
        return new Check(letters.size(), mustFail.size(), List.copyOf(missing), List.copyOf(duplicated),
                List.copyOf(unexpected), List.copyOf(altered), List.copyOf(missingHeaders));
    }

    private static String header(RawRecord r, String name) {
        byte[] value = r.headers().get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
