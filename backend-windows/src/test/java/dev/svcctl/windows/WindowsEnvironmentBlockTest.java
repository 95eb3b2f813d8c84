package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsEnvironmentBlockTest {

    @Test
    void namesAreSortedWithoutRegardToCaseAndTheBlockEndsWithTwoNuls() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("path", "C:\\bin");
        env.put("A_B", "x=y");
        env.put("Zeta", "");
        env.put("ab", "é 日本");
        // Upper-cased ordinal order, as Windows sorts: "AB" < "A_B" because 'B' (0x42) < '_' (0x5F).
        assertEquals("ab=é 日本\0A_B=x=y\0path=C:\\bin\0Zeta=\0\0", new String(WindowsEnvironmentBlock.of(env)));
    }

    @Test
    void aLaterNameDifferingOnlyInCaseWins() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Path", "a");
        env.put("PATH", "b");
        assertEquals("PATH=b\0\0", new String(WindowsEnvironmentBlock.of(env)));
    }

    @Test
    void emptyAndInvalidEnvironments() {
        assertEquals("\0\0", new String(WindowsEnvironmentBlock.of(Map.of())));
        assertThrows(IllegalArgumentException.class, () -> WindowsEnvironmentBlock.of(Map.of("A=B", "x")));
        assertThrows(IllegalArgumentException.class, () -> WindowsEnvironmentBlock.of(Map.of("A", "x\0y")));
    }
}
