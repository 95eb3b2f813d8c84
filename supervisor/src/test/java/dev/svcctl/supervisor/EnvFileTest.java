package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {
    @Test
    void readsAssignmentsLiterallyAndSkipsCommentsAndBlankLines() throws IOException {
        String text = "# comment\n; also a comment\n\nA=1\nexport B = two words \nC=\"quoted $HOME\"\nD='x'\nE=a=b\nF=\n";
        assertEquals(Map.of("A", "1", "B", "two words", "C", "quoted $HOME", "D", "x", "E", "a=b", "F", ""),
                EnvFile.parse(text, "env"));
    }

    @Test
    void aLineThatIsNoAssignmentIsAnErrorWithItsLineNumber() {
        IOException e = assertThrows(IOException.class, () -> EnvFile.parse("A=1\nnot an assignment\n", "f"));
        assertEquals("f:2: not a KEY=VALUE line", e.getMessage());
    }
}
