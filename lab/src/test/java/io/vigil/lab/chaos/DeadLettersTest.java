package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.lab.chaos.DeadLetters.DeadLetter;
import io.vigil.lab.chaos.TopicLog.Coordinates;
import io.vigil.lab.chaos.TopicLog.RawRecord;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading Kafka Streams' DLQ headers back, and judging the DLQ against what had to fail. */
class DeadLettersTest {

    private static final String DLQ = "vigil.dlq";
    private final RawRecord first = input(0, "a");
    private final RawRecord second = input(1, "b");
    private final Map<Coordinates, RawRecord> mustFail =
            Map.of(first.coordinates(), first, second.coordinates(), second);

    @Test
    void shouldParseSourceAndExceptionWhenHeadersAreThere() {
        // Given a DLQ record as Kafka Streams writes it
        RawRecord dlq = deadLetter(first, first.value(), 0);

        // When it is parsed
        DeadLetter letter = DeadLetters.parse(dlq);

        // Then it names its source record and the exception
        assertEquals(first.coordinates(), letter.source());
        assertEquals("org.apache.kafka.common.errors.SerializationException", letter.exception());
        assertEquals("bad bytes", letter.message());
        assertTrue(letter.hasStacktrace());
    }

    @Test
    void shouldBeExactWhenEveryFailedRecordIsThereOnceWithItsBytes() {
        List<DeadLetter> letters = List.of(DeadLetters.parse(deadLetter(first, first.value(), 0)),
                DeadLetters.parse(deadLetter(second, second.value(), 1)));

        DeadLetters.Check check = DeadLetters.check(letters, mustFail);

        assertTrue(check.exact(), check::toString);
        assertEquals(2, check.records());
        assertEquals(2, check.expected());
    }

    @Test
    void shouldReportEveryDefectWhenTheDlqIsWrong() {
        // Given: the first record twice, the second missing, an unexpected one, one with altered bytes, one
        // without headers
        RawRecord stranger = input(7, "z");
        RawRecord altered = input(3, "c");
        Map<Coordinates, RawRecord> expected = new HashMap<>(mustFail);
        expected.put(altered.coordinates(), altered);
        List<DeadLetter> letters = List.of(
                DeadLetters.parse(deadLetter(first, first.value(), 0)),
                DeadLetters.parse(deadLetter(first, first.value(), 1)),
                DeadLetters.parse(deadLetter(stranger, stranger.value(), 2)),
                DeadLetters.parse(deadLetter(altered, bytes("changed"), 3)),
                DeadLetters.parse(new RawRecord(DLQ, 0, 4, 0, null, bytes("x"), Map.of())));

        // When the DLQ is checked
        DeadLetters.Check check = DeadLetters.check(letters, expected);

        // Then each defect is named
        assertFalse(check.exact());
        assertEquals(List.of(first.coordinates()), check.duplicated());
        assertEquals(List.of(second.coordinates()), check.missing());
        assertEquals(List.of(stranger.coordinates()), check.unexpected());
        assertEquals(List.of(altered.coordinates()), check.alteredBytes());
        assertEquals(List.of(new Coordinates(DLQ, 0, 4)), check.missingHeaders());
    }

    private static RawRecord input(long offset, String value) {
        return new RawRecord("vigil.transactions", 2, offset, 0, bytes("card"), bytes(value), Map.of());
    }

    private static RawRecord deadLetter(RawRecord source, byte[] value, long offset) {
        return new RawRecord(DLQ, 0, offset, 0, source.key(), value, Map.of(
                DeadLetters.TOPIC_HEADER, bytes(source.topic()),
                DeadLetters.PARTITION_HEADER, bytes(Integer.toString(source.partition())),
                DeadLetters.OFFSET_HEADER, bytes(Long.toString(source.offset())),
                DeadLetters.EXCEPTION_HEADER, bytes("org.apache.kafka.common.errors.SerializationException"),
                DeadLetters.MESSAGE_HEADER, bytes("bad bytes"),
                DeadLetters.STACKTRACE_HEADER, bytes("at ...")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
