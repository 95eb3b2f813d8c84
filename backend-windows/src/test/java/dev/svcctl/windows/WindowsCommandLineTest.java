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

    @Test
    void bothParsersReadBackEveryLineOfTheCorpus() {
        for (List<String> argv : CommandLineCorpus.argvLists(600, 20261121L)) {
            String line = WindowsCommandLine.of(argv);
            assertEquals(argv, WindowsCommandLine.parse(line), line);
            assertEquals(argv, WindowsCommandLine.parseCommandLineToArgvW(line), line);
        }
    }

    /** Cases seen under Wine (WindowsCommandLineWineTest proves the whole raw corpus). */
    @Test
    void theParsersDifferOnRunsOfQuotesAndOnTextAfterAQuotedProgram() {
        String exe = "\"C:\\p.exe\" ";
        assertEquals(List.of("C:\\p.exe", "a\"b", "c"), WindowsCommandLine.parse(exe + "\"a\"\"b\" c"));
        assertEquals(List.of("C:\\p.exe", "a\"b c"), WindowsCommandLine.parseCommandLineToArgvW(exe + "\"a\"\"b\" c"));
        assertEquals(List.of("C:\\p.exe", "\""), WindowsCommandLine.parse(exe + "\"\"\"\""));
        assertEquals(List.of("C:\\p.exe", "\"\""), WindowsCommandLine.parse(exe + "\"\"\"\"\"\""));
        assertEquals(List.of("C:\\p.exex", "y"), WindowsCommandLine.parse("\"C:\\p.exe\"x y"));
        assertEquals(List.of("C:\\p.exe", "x", "y"), WindowsCommandLine.parseCommandLineToArgvW("\"C:\\p.exe\"x y"));
        assertEquals(List.of("C:\\p.exe", "a\\b c", "d"), WindowsCommandLine.parse(exe + "a\\\\\"b c\" d"));
        assertEquals(List.of("C:\\p.exe", "x", ""), WindowsCommandLine.parse(exe + "\"x\" \""));
        assertEquals(List.of("C:\\p.exe", ""), WindowsCommandLine.parse(exe + "\"\"   "));
        assertEquals(List.of("C:\\p.exe"), WindowsCommandLine.parse(exe + "  "));
    }
}
