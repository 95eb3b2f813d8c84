package dev.svcctl.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostileStringsTest {
    @Test
    void corpusIsLargeDistinctAndFreeOfNul() {
        var corpus = HostileStrings.corpus();
        assertTrue(corpus.size() >= 200, "only " + corpus.size() + " strings");
        assertTrue(corpus.stream().noneMatch(v -> v.indexOf('\0') >= 0));
        assertFalse(HostileStrings.printable().stream().anyMatch(v -> v.contains("\n")));
    }
}
