package io.vigil.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

class StateCodecTest {

    @Test
    void shouldPackEveryCanonicalUuidIntoItsSixteenBytes() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            byte[] packed = new byte[16];

            assertTrue(StateCodec.packCanonicalUuid(uuid.toString(), packed), uuid.toString());
            assertArrayEquals(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array(), packed, uuid.toString());
        }
    }

    @Test
    void shouldRefuseEveryIdThatWouldNotComeBackAsTheSameString() {
        String canonical = "0e8a4c4b-8d1b-4e4b-9a55-1f0c2d3e4f50";
        List<String> refused = new ArrayList<>(List.of(
                canonical.toUpperCase(java.util.Locale.ROOT),
                canonical.substring(1),
                canonical + "0",
                canonical.replace("-8d1b-", "08d1b-").substring(0, 36),
                "0e8a4c4b8-d1b-4e4b-9a55-1f0c2d3e4f50",
                "{e8a4c4b-8d1b-4e4b-9a55-1f0c2d3e4f50}".substring(0, 36),
                ""));
        // Every single character of the hex runs, replaced by each kind of non-hex character (a neighbour of the
        // hex ranges, upper case, a dash, non-ASCII that masks to a hex digit's low bits, a full-width digit).
        for (int i = 0; i < 36; i++) {
            if (canonical.charAt(i) == '-') {
                refused.add(canonical.substring(0, i) + "0" + canonical.substring(i + 1));
                continue;
            }
            for (char bad : new char[] {'g', '/', ':', '`', 'A', 'F', '-', (char) ('a' + 256), '\uff10'}) {
                refused.add(canonical.substring(0, i) + bad + canonical.substring(i + 1));
            }
        }

        for (String id : refused) {
            assertFalse(StateCodec.packCanonicalUuid(id, new byte[16]), id);
        }
        assertEquals(36 - 4, refused.stream().filter(id -> id.length() == 36 && id.indexOf('g') >= 0).count());
    }
}
