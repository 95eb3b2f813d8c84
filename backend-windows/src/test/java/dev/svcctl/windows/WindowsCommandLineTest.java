package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented shapes of the quoting; WindowsCommandLineWineTest proves them against real parsers. */
class WindowsCommandLineTest {

    @Test
    void plainArgumentsStayAsTheyAreAndTheProgramIsAlwaysQuoted() {
        assertEquals("\"C:\\svcctl\\svcctl.exe\" host --name web",
                WindowsCommandLine.of(List.of("C:\\svcctl\\svcctl.exe", "host", "--name", "web")));
    }

    @Test
    void emptyAndWhiteSpaceArgumentsAreQuoted() {
        assertEquals("\"\"", WindowsCommandLine.quoteArgument(""));
        assertEquals("\"a b\"", WindowsCommandLine.quoteArgument("a b"));
        assertEquals("\"a\tb\"", WindowsCommandLine.quoteArgument("a\tb"));
    }

    @Test
    void backslashesAreDoubledOnlyBeforeAQuote() {
        assertEquals("a\\\\b\\", WindowsCommandLine.quoteArgument("a\\\\b\\"));
        assertEquals("\"a b\\\\\"", WindowsCommandLine.quoteArgument("a b\\"));
        assertEquals("\"a\\\\\\\"b\"", WindowsCommandLine.quoteArgument("a\\\"b"));
        assertEquals("\"\\\"\"", WindowsCommandLine.quoteArgument("\""));
    }

    @Test
    void programsThatNoParserAgreesOnAreRejected() {
        assertTrue(WindowsCommandLine.problem(List.of("C:\\dir\\")).contains("end with"));
        assertTrue(WindowsCommandLine.problem(List.of("C:\\a\"b.exe")).contains("cannot contain"));
        assertTrue(WindowsCommandLine.problem(List.of("")).contains("empty"));
        assertTrue(WindowsCommandLine.problem(List.of("C:\\a.exe", "x\0y")).contains("argument 1"));
        assertNull(WindowsCommandLine.problem(List.of("C:\\a.exe", "", "\"")));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommandLine.of(List.of("C:\\dir\\")));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommandLine.of(List.of()));
    }
}
