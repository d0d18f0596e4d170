package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Weft;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void theFlagInSurefiresArgLineGivesTheFastBackend() {
        assertEquals("continuation", Weft.backend());
    }

    @Test
    void fetchesComeBackInTheOrderAsked() {
        assertEquals(List.of("a (300 ms)", "b (200 ms)", "c (100 ms)"), Weft.run(Main::fetchAll));
    }

    @Test
    void everyNumberArrivesInOrder() {
        assertEquals(List.of(1, 2, 3, 4, 5), Weft.run(() -> Main.produceAndConsume(5)));
    }
}
