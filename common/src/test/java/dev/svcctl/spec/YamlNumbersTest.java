package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlNumbersTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "-0, 0", "+5, 5", "-5, -5", "1_000, 1000", "0x1F, 31", "-0x1f, -31", "0b101, 5", "017, 15",
            "1:30, 90", "1:00:00, 3600", "99999999999999999999, 99999999999999999999"})
    void readsYaml11Integers(String text, String value) {
        assertEquals(new BigInteger(value), YamlNumbers.integer(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+5", "1_000", "0x1F", "0b101", "017", "1:30", "-1:30", "0o17x", "12"})
    void agreesWithSnakeYamlOnEveryIntegerItResolves(String text) {
        Object constructed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (constructed instanceof Number n) {
            assertEquals(new BigInteger(n.toString()), YamlNumbers.integer(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "0xZZ", "1.5"})
    void refusesWhatIsNoInteger(String text) {
        assertThrows(NumberFormatException.class, () -> YamlNumbers.integer(text));
    }
}
