package io.vigil.topology;

import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateCodecV1;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.DeviceStateCodecV1;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The version-1 state bytes of {@link RestoreScenario}'s prefix, one {@code key<TAB>base64} line per entity in
 * {@code state-v1/cards.tsv} and {@code state-v1/devices.tsv}, as the build before format version 2 wrote them.
 * {@link #main} wrote them with that build's codecs, kept since as {@link CardStateCodecV1} and
 * {@link DeviceStateCodecV1}; the files are committed and never regenerated.
 */
final class V1Fixture {

    static final Duration GRACE = Duration.ofSeconds(30);

    private V1Fixture() {
    }

    static Map<String, byte[]> cards() {
        return read("/state-v1/cards.tsv");
    }

    static Map<String, byte[]> devices() {
        return read("/state-v1/devices.tsv");
    }

    private static Map<String, byte[]> read(String resource) {
        try (InputStream in = V1Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + resource);
            }
            Map<String, byte[]> states = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] parts = line.split("\t");
                    states.put(parts[0], Base64.getDecoder().decode(parts[1]));
                }
            }
            return states;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wrote the fixture; run with the test classpath and the target directory as the only argument. */
    public static void main(String[] args) throws IOException {
        CardDetection cards = CardDetection.fromRules(RestoreScenario.rules(), GRACE);
        DeviceDetection devices = DeviceDetection.fromRules(RestoreScenario.rules(), GRACE);
        Map<String, CardState> cardStates = new TreeMap<>();
        for (Transaction tx : RestoreScenario.cardPrefix()) {
            cards.process(cardStates.computeIfAbsent(tx.getCardId(), k -> new CardState()), tx);
        }
        Map<String, DeviceState> deviceStates = new TreeMap<>();
        for (Telemetry r : RestoreScenario.devicePrefix()) {
            devices.process(deviceStates.computeIfAbsent(r.getDeviceId(), k -> new DeviceState()), r,
                    r.getTimestamp().toEpochMilli());
        }
        Path dir = Path.of(args[0]);
        write(dir.resolve("cards.tsv"), cardStates, CardStateCodecV1::encode);
        write(dir.resolve("devices.tsv"), deviceStates, DeviceStateCodecV1::encode);
    }

    private static <S> void write(Path file, Map<String, S> states, Function<S, byte[]> encode) throws IOException {
        StringBuilder out = new StringBuilder();
        states.forEach((key, state) -> out.append(key).append('\t')
                .append(Base64.getEncoder().encodeToString(encode.apply(state))).append('\n'));
        Files.writeString(file, out.toString());
    }
}
