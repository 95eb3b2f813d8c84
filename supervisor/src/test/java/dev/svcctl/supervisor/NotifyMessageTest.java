package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NotifyMessageTest {

    @Test
    void anEmptyDatagramHasNoFields() {
        NotifyMessage empty = NotifyMessage.parse("");
        assertEquals(Map.of(), empty.fields());
        assertFalse(empty.ready());
        assertFalse(empty.watchdog());
        assertFalse(empty.stopping());
        assertEquals(Optional.empty(), empty.status());
        assertEquals(OptionalLong.empty(), empty.mainPid());
    }

    @Test
    void linesWithoutANameAndEqualsSignAreIgnored() {
        NotifyMessage message = NotifyMessage.parse("garbage\nREADY=1\n=nameless\n\nWATCHDOG");
        assertEquals(Map.of("READY", "1"), message.fields());
        assertTrue(message.ready());
        assertFalse(message.watchdog());
    }

    @Test
    void aLaterRepeatWinsAndTheOrderOfFirstMentionIsKept() {
        NotifyMessage message = NotifyMessage.parse("STATUS=starting\nREADY=1\nSTATUS=up");
        assertEquals(Optional.of("up"), message.status());
        assertEquals(List.of("STATUS", "READY"), List.copyOf(message.fields().keySet()));
    }

    @Test
    void theValueIsEverythingAfterTheFirstEqualsSign() {
        assertEquals(Optional.of("a=b=c"), NotifyMessage.parse("STATUS=a=b=c").status());
        assertEquals(Optional.of(""), NotifyMessage.parse("STATUS=").status());
    }

    @Test
    void aTrailingNewlineAddsNothing() {
        NotifyMessage message = NotifyMessage.parse("READY=1\nSTATUS=up\n");
        assertEquals(Map.of("READY", "1", "STATUS", "up"), message.fields());
    }

    @Test
    void mainPidIsAPositiveNumberOrNothing() {
        assertEquals(OptionalLong.of(1234), NotifyMessage.parse("MAINPID=1234").mainPid());
        for (String invalid : List.of("0", "-5", "", "12x", " 12", "+12", "abc", "99999999999999999999")) {
            assertEquals(OptionalLong.empty(), NotifyMessage.parse("MAINPID=" + invalid).mainPid(), invalid);
        }
    }

    @Test
    void flagsAreOnlyTheirExactValues() {
        NotifyMessage trigger = NotifyMessage.parse("WATCHDOG=trigger\nREADY=yes\nSTOPPING=1\nRELOADING=1");
        assertTrue(trigger.watchdogTrigger());
        assertFalse(trigger.watchdog());
        assertFalse(trigger.ready(), "READY=yes is not READY=1");
        assertTrue(trigger.stopping());
        assertTrue(trigger.reloading());
        assertTrue(NotifyMessage.parse("WATCHDOG=1").watchdog());
    }

    @Test
    void fieldsCannotBeChangedAfterwards() {
        NotifyMessage message = NotifyMessage.parse("READY=1");
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> message.fields().put("STOPPING", "1"));
    }
}
