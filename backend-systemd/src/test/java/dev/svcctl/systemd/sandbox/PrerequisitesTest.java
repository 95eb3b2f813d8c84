package dev.svcctl.systemd.sandbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

    @Test
    void aMissingPrerequisiteSkipsLocallyButFailsOnCi() {
        Throwable outcome = assertThrows(Throwable.class, () -> Prerequisites.require(false, "no widget here"));
        Class<? extends Throwable> expected = Prerequisites.onCi() ? AssertionError.class : TestAbortedException.class;
        assertInstanceOf(expected, outcome);
        assertTrue(outcome.getMessage().contains("no widget here"), outcome.getMessage());
    }

    @Test
    void aMetPrerequisiteLetsTheTestRun() {
        assertDoesNotThrow(() -> Prerequisites.require(true, "unused"));
    }
}
