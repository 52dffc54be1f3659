package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldPadToTheWidthWhenTheNumberIsShorter() {
        assertEquals("card-00000042", CardPopulation.cardId(42));
        assertEquals(42, CardPopulation.indexOf("card-00000042"));
    }

    @Test
    void shouldKeepEveryDigitWhenTheNumberIsWiderThanThePadding() {
        assertEquals("m-de-12345", Ids.padded("m-de-", 12_345, 4));
    }
}
