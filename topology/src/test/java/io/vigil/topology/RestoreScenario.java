package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aTransaction;

import io.vigil.config.RuleSet;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.serdes.testkit.TransactionBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hand-made input split in two: the prefix builds card and device states (captured as version-1 bytes in
 * {@code state-v1/}), the suffix only alerts correctly if every field of those states was restored exactly.
 * Hand-made rather than generated so that the fixture stays valid whatever the load generator becomes.
 *
 * <p>Each card or device isolates one field: a velocity window reaching into the prefix (history and ids, among
 * them a non-UUID and an upper-case UUID), a warm amount baseline, last positions (one with 7-decimal
 * coordinates, one with arbitrary doubles), a duplicate charge, card testing across the split, a cooldown still
 * running, a redelivered id; for devices an open threshold episode, the newest pressure, a vibration baseline
 * and a humidity run.
 */
final class RestoreScenario {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    /** Default rules without silence, which fires on the wall clock and is not replayed offline. */
    static RuleSet rules() {
        return new RuleSet(RuleSet.defaults().rules().stream().filter(r -> !r.detector().equals("silence")).toList());
    }

    static List<Transaction> cardPrefix() {
        List<Transaction> txs = new ArrayList<>();
        // Velocity across the split: four payments here, the fifth and sixth after the restore.
        txs.add(present("v-1", "card-velocity", 0, 1_250, "Café Müller", 52.52, 13.405));
        txs.add(online("0E8A4C4B-8D1B-4E4B-9A55-1F0C2D3E4F50", "card-velocity", 10, 3_400, "m-web-0007"));
        txs.add(online(uuid(1), "card-velocity", 20, 990, "m-web-0008"));
        txs.add(online(uuid(2), "card-velocity", 30, 4_100, "m-web-0009"));
        // A warm baseline: twelve ordinary payments an hour apart.
        for (int i = 0; i < 12; i++) {
            txs.add(online(uuid(100 + i), "card-amount", -12 * 3600 + i * 3600, 2_000 + 37L * i, "m-de-" + (1000 + i)));
        }
        // Last positions: Berlin with arbitrary doubles, Paris with 4-decimal coordinates.
        txs.add(present(uuid(200), "card-travel", 0, 5_000, "m-de-0001", 52.520008123456789, 13.404954987654321));
        txs.add(present(uuid(201), "card-travel-decimal", 0, 5_000, "m-fr-0001", 48.8566, 2.3522));
        // The first of two identical charges.
        txs.add(online(uuid(300), "card-dup", 0, 1_999, "m-de-0042"));
        // Three small payments at three merchants: card testing needs five at four.
        for (int i = 0; i < 3; i++) {
            txs.add(online(uuid(400 + i), "card-testing", i * 60, 100 + i, "m-web-01" + i));
        }
        // Six payments within a minute: velocity fires here, and its cooldown runs past the split.
        for (int i = 0; i < 6; i++) {
            txs.add(online(uuid(500 + i), "card-cooldown", i * 8, 700 + i, "m-web-02" + i));
        }
        // An event that the suffix redelivers.
        txs.add(online(uuid(600), "card-redelivery", 0, 2_500, "m-de-0077"));
        return txs;
    }

    static List<Transaction> cardSuffix() {
        List<Transaction> txs = new ArrayList<>();
        txs.add(online(uuid(3), "card-velocity", 40, 1_500, "m-web-0010"));
        txs.add(online("ev-6", "card-velocity", 50, 2_750, "Bäckerei Schmidt"));
        txs.add(online(uuid(112), "card-amount", 60, 250_000, "m-de-2000"));
        txs.add(present(uuid(210), "card-travel", 1_800, 7_000, "m-us-0001", 40.712776, -74.005974));
        txs.add(present(uuid(211), "card-travel-decimal", 1_800, 7_000, "m-jp-0001", 35.6762, 139.6503));
        txs.add(online(uuid(301), "card-dup", 60, 1_999, "m-de-0042"));
        txs.add(online(uuid(403), "card-testing", 180, 150, "m-web-0113"));
        txs.add(online(uuid(404), "card-testing", 240, 120, "m-web-0114"));
        txs.add(online(uuid(506), "card-cooldown", 55, 800, "m-web-0300"));
        txs.add(online(uuid(507), "card-cooldown", 58, 801, "m-web-0301"));
        // Redelivered: dropped if its id was restored, otherwise a second identical charge (a duplicate alert).
        txs.add(online(uuid(600), "card-redelivery", 0, 2_500, "m-de-0077"));
        return txs;
    }

    static List<Telemetry> devicePrefix() {
        List<Telemetry> readings = new ArrayList<>();
        for (int i = 0; i <= 24; i++) {
            int s = i * 5;
            // Temperature crosses 80 at 100 s and stays up: an open threshold episode at the split.
            readings.add(reading(i * 4, "dev-1", s, "temperature", s >= 100 ? 85.5 : 40 + i * 0.25));
            readings.add(reading(i * 4 + 1, "dev-1", s, "pressure", 101.3 + (i % 3) * 0.1));
            readings.add(reading(i * 4 + 2, "dev-1", s, "vibration", 1.0 + (i % 5) * 0.013));
            // Humidity moves until 105 s, then holds 45.0: a run the suffix completes.
            readings.add(reading(i * 4 + 3, "dev-1", s, "humidity", s >= 105 ? 45.0 : 40.0 + i * 0.5));
        }
        readings.add(new Telemetry("reading-not-a-uuid", "dev-2", T0, "temperature", 21.5, "C"));
        return readings;
    }

    static List<Telemetry> deviceSuffix() {
        List<Telemetry> readings = new ArrayList<>();
        readings.add(reading(1000, "dev-1", 125, "temperature", 55.0));
        readings.add(reading(1001, "dev-1", 125, "pressure", 160.0));
        readings.add(reading(1002, "dev-1", 125, "vibration", 4.0));
        readings.add(reading(1003, "dev-1", 125, "humidity", 45.0));
        readings.add(reading(1004, "dev-1", 140, "humidity", 45.001));
        readings.add(new Telemetry("reading-not-a-uuid-2", "dev-2", T0.plusSeconds(5), "temperature", 90.0, "C"));
        return readings;
    }

    private static String uuid(int n) {
        return String.format(Locale.ROOT, "5f0c2d3e-%04x-4e4b-9a55-%012x", n, 0x1f0c2d3e4f50L + n);
    }

    private static Transaction online(String eventId, String cardId, long seconds, long amountMinor, String merchant) {
        return payment(eventId, cardId, seconds, amountMinor, merchant).online().build();
    }

    private static Transaction present(String eventId, String cardId, long seconds, long amountMinor, String merchant,
                                       double lat, double lon) {
        return payment(eventId, cardId, seconds, amountMinor, merchant).presentAt(lat, lon).build();
    }

    private static TransactionBuilder payment(String eventId, String cardId, long seconds, long amountMinor,
                                              String merchant) {
        return aTransaction().id(eventId).card(cardId).at(T0.plusSeconds(seconds)).amount(amountMinor).merchant(merchant);
    }

    private static Telemetry reading(int n, String deviceId, long seconds, String metric, double value) {
        return new Telemetry(uuid(10_000 + n), deviceId, T0.plusSeconds(seconds), metric, value, "");
    }
}
