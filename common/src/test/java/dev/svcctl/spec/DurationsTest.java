package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "0s, 0",
            "250ms, 250",
            "5s, 5000",
            "1m30s, 90000",
            "2h, 7200000",
            "1d, 86400000",
            "1d2h3m4s5ms, 93784005",
            "90s, 90000",
            "1500ms, 1500",
            "007s, 7000",
            "3650d, 315360000000",
    })
    void parsesEveryUnitAndCombination(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|'' is not a duration",
            "5|'5' is not a duration",
            "1.5s|'1.5s' is not a duration",
            "5 s|'5 s' is not a duration",
            "5S|'5S' is not a duration",
            "-5s|'-5s' is not a duration",
            "5sec|'5sec' is not a duration",
            "1h30|'1h30' is not a duration",
            "30s1m|'30s1m' names its units out of order or twice",
            "1m1m|'1m1m' names its units out of order or twice",
            "1ms1s|'1ms1s' names its units out of order or twice",
            "3651d|'3651d' is longer than ten years",
            "99999999999999999999d|'99999999999999999999d' is too long a duration",
            "9223372036854775807d|'9223372036854775807d' is too long a duration",
    })
    void refusesWithAMessageForTheUser(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(message, e.getMessage().substring(0, message.length()));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "250, 250ms", "5000, 5s", "90000, 1m30s", "7200000, 2h", "86400000, 1d",
            "93784005, 1d2h3m4s5ms", "60000, 1m"})
    void formatsTheShortestSpelling(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }

    @Property
    void formatThenParseGivesTheSameDuration(@ForAll @LongRange(min = 0, max = 315_360_000_000L) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertEquals(d, Durations.parse(Durations.format(d)));
    }
}
