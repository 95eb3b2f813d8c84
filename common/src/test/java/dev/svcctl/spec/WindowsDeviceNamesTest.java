package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every name Windows keeps for a device, in several cases and with extensions, and names ending in '.', are refused
 * as service names by the reader, so on every backend; names that only contain or extend them stay valid.
 */
class WindowsDeviceNamesTest {
    static List<String> deviceNames() {
        List<String> bases = new ArrayList<>(List.of("CON", "PRN", "AUX", "NUL"));
        for (int i = 0; i <= 9; i++) {
            bases.add("COM" + i);
            bases.add("LPT" + i);
        }
        List<String> names = new ArrayList<>();
        for (String base : bases) {
            String mixed = base.charAt(0) + base.substring(1).toLowerCase(Locale.ROOT);
            for (String name : List.of(base, base.toLowerCase(Locale.ROOT), mixed)) {
                names.add(name);
                names.add(name + ".txt");
                names.add(name + ".tar.gz");
            }
        }
        return names;
    }

    private static List<String> errors(String name) {
        String yaml = "name: " + name + "\nexec: /bin/true\ndependsOn: [" + name + "]\n";
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.parse("s.yaml", yaml));
        return e.errors().stream().map(SpecError::format).toList();
    }

    @ParameterizedTest
    @MethodSource("deviceNames")
    void aDeviceNameIsRefusedAtTheKey(String name) {
        String message = "'" + name + "' is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with"
                + " an extension); a spec must work on every backend, so choose another name";
        assertEquals(List.of("s.yaml:1:7: name: " + message, "s.yaml:3:13: dependsOn[0]: " + message), errors(name));
    }

    @ParameterizedTest
    @MethodSource("endingInADot")
    void aTrailingDotIsRefusedAtTheKey(String name) {
        String message = "'" + name + "' ends with '.', which Windows drops from names; a spec must work on every"
                + " backend, so remove it";
        assertEquals(List.of("s.yaml:1:7: name: " + message, "s.yaml:3:13: dependsOn[0]: " + message), errors(name));
    }

    static List<String> endingInADot() {
        return List.of("a.", "billing.", "a..", "x.y.");
    }

    @Test
    void namesThatOnlyLookLikeDevicesStayValid() throws InvalidSpecException {
        for (String name : List.of("CONSOLE", "con-1", "nulls", "COM10", "LPT", "com1x", "aux_", "prn-nul.txt",
                "a.b", "NUL1", "xCON")) {
            assertEquals(name, SpecLoader.parse("s.yaml", "name: " + name + "\nexec: /bin/true\n").spec().name());
        }
    }
}
