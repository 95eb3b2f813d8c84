package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneId;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class LocalClockTest {
    /** It asks for the zone when a rotation needs it, so it follows the default zone rather than fixing it at start. */
    @Test
    void theZoneIsTheDefaultZoneAtTheTimeItIsAskedFor() {
        TimeZone before = TimeZone.getDefault();
        Clock clock = LocalClock.INSTANCE;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            assertEquals(ZoneId.of("Pacific/Chatham"), clock.getZone());
            TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo"));
            assertEquals(ZoneId.of("America/Sao_Paulo"), clock.getZone());
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void tellsTheSystemTimeAndMovesToAnotherZoneOnRequest() {
        long before = System.currentTimeMillis();
        long millis = LocalClock.INSTANCE.millis();
        long instant = LocalClock.INSTANCE.instant().toEpochMilli();
        long after = System.currentTimeMillis();

        assertTrue(before <= millis && millis <= instant && instant <= after, before + " " + millis + " " + instant);
        Clock tokyo = LocalClock.INSTANCE.withZone(ZoneId.of("Asia/Tokyo"));
        assertEquals(ZoneId.of("Asia/Tokyo"), tokyo.getZone());
    }
}
