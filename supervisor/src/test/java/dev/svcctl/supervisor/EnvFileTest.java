package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules one by one; EnvFileAgainstSystemdTest (cli) proves them against systemd itself. */
class EnvFileTest {
    private static Map<String, String> parse(String text) throws IOException {
        return EnvFile.parse(text.getBytes(StandardCharsets.UTF_8), "env").variables();
    }

    @Test
    void takesValuesLiterallyWithoutExportOrExpansion() throws IOException {
        assertEquals(Map.of("A", "1", "B", "two words", "C", "quoted $HOME", "D", "x", "E", "a=b", "F", ""),
                parse("# comment\n; also a comment\n\nA=1\n B = two words \nC=\"quoted $HOME\"\nD='x'\nE=a=b\nF=\n"));
    }

    @Test
    void unescapesInDoubleQuotesOnlyWhatTheShellWould() throws IOException {
        assertEquals(Map.of("A", "x\"y", "B", "a\\nb", "C", "$`\\"),
                parse("A=\"x\\\"y\"\nB=\"a\\nb\"\nC=\"\\$\\`\\\\\"\n"));
    }

    @Test
    void joinsBackslashContinuedLines() throws IOException {
        assertEquals(Map.of("A", "onetwo", "B", "  three"), parse("A=one\\\ntwo\nB=\\\n  three\n"));
    }

    @Test
    void concatenatesQuotedAndUnquotedParts() throws IOException {
        assertEquals(Map.of("A", "xy z", "B", "a \"b\""), parse("A=\"x\"'y' \" z\"\nB=a \"b\"\n"));
    }

    @Test
    void ignoresLinesWithoutAnAssignmentAndInvalidNamesWithAWarning() throws IOException {
        EnvFile.Contents c = EnvFile.parse("export A=1\nnot an assignment\n1X=2\nOK=3".getBytes(StandardCharsets.UTF_8),
                "f");
        assertEquals(Map.of("OK", "3"), c.variables());
        assertEquals(List.of("f:1: 'export A' is not a valid variable name; ignored",
                "f:2: no '=' on this line; ignored", "f:3: '1X' is not a valid variable name; ignored"), c.warnings());
    }

    @Test
    void aNulByteAnywhereFailsTheWholeFile() {
        IOException e = assertThrows(IOException.class, () -> EnvFile.parse(new byte[] {'#', 0, '\n'}, "f"));
        assertEquals("f: holds a NUL byte (hint: systemd refuses the whole file for it, and so does svcctl)",
                e.getMessage());
    }

    @Test
    void aValueThatIsNotUtf8FailsTheWholeFile() {
        IOException e = assertThrows(IOException.class,
                () -> EnvFile.parse(new byte[] {'A', '=', (byte) 0xff, '\n'}, "f"));
        assertEquals("f:1: the value of A is not valid UTF-8 (hint: systemd refuses the whole file for it, and so"
                + " does svcctl)", e.getMessage());
    }
}
