package dev.svcctl.windows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.os.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The schtasks adapter's arguments, XML file and output parsing, against scripted schtasks answers. The answers are
 * schtasks' documented English output; Wine's schtasks does not implement /Query (TaskSchedulerConformanceTest), so
 * the parsing is checked only here.
 */
class SchtasksTaskSchedulerTest {
    private static final String SCHTASKS = "C:\\Windows\\System32\\schtasks.exe";
    private static final Path DIR = Path.of("target", "schtasks-test").toAbsolutePath();
    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Task version=\"1.2\">"
            + "<RegistrationInfo><Source>svcctl-managed spec=1 body=2</Source><Description>Z\u00fcrich</Description>"
            + "</RegistrationInfo><Settings><Enabled>false</Enabled></Settings></Task>\n";
    /** One /Query /FO CSV /V /NH row of a running at-logon task (28 columns; Status 4th, Last Result 7th). */
    private static final String RUNNING_ROW = "\"PC\",\"\\svcctl\\web\",\"N/A\",\"Running\",\"Interactive only\","
            + "\"21/11/2026 10:00:00\",\"267009\",\"PC\\ann\",\"C:\\svcctl.exe run x\",\"N/A\",\"web\",\"Enabled\","
            + "\"Disabled\",\"\",\"ann\",\"Disabled\",\"Stopped\",\"Scheduling data is not available in this format.\","
            + "\"At logon time\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\"\r\n";

    private final List<List<String>> calls = new ArrayList<>();
    private final Deque<ProcessRunner.Result> answers = new ArrayDeque<>();
    private final ProcessRunner runner = (argv, timeout) -> {
        calls.add(argv);
        return answers.isEmpty() ? new ProcessRunner.Result(0, "", "") : answers.removeFirst();
    };
    private final SchtasksTaskScheduler tasks = new SchtasksTaskScheduler(runner, SCHTASKS, DIR, Path::toString);

    private void answer(int exit, String stdout, String stderr) {
        answers.add(new ProcessRunner.Result(exit, stdout, stderr));
    }

    @Test
    void createWritesUtf16WithABomAndAMatchingDeclarationAndPassesTheFile() throws Exception {
        tasks.create("\\svcctl\\web", XML, false);
        tasks.create("\\svcctl\\web", XML, true);
        Path file = DIR.resolve("web.xml");
        assertEquals(List.of(SCHTASKS, "/Create", "/TN", "\\svcctl\\web", "/XML", file.toString()), calls.get(0));
        assertEquals(List.of(SCHTASKS, "/Create", "/TN", "\\svcctl\\web", "/XML", file.toString(), "/F"),
                calls.get(1));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(List.of(0xFF, 0xFE), List.of(bytes[0] & 0xFF, bytes[1] & 0xFF));
        String text = new String(Arrays.copyOfRange(bytes, 2, bytes.length), StandardCharsets.UTF_16LE);
        assertEquals(XML.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""), text);
    }

    @Test
    void aRunningTaskIsReadFromItsXmlAndTheVerboseCsvRow() throws Exception {
        answer(0, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n" + XML.substring(XML.indexOf("<Task")), "");
        answer(0, RUNNING_ROW, "");
        RegisteredTask t = tasks.query("\\svcctl\\web").orElseThrow();
        assertTrue(t.running());
        assertFalse(t.enabled(), "Settings/Enabled false");
        assertTrue(t.xml().contains("svcctl-managed spec=1 body=2"));
        assertEquals(List.of(SCHTASKS, "/Query", "/TN", "\\svcctl\\web", "/XML"), calls.get(0));
        assertEquals(List.of(SCHTASKS, "/Query", "/TN", "\\svcctl\\web", "/FO", "CSV", "/V", "/NH"), calls.get(1));
    }

    @Test
    void lastResultIsDecimalAndHasNotRunMeansNoResult() {
        assertEquals(OptionalLong.empty(), SchtasksTaskScheduler.parseLastResult("267011"));
        assertEquals(OptionalLong.of(1), SchtasksTaskScheduler.parseLastResult("1"));
        assertEquals(OptionalLong.of(0x80070002L), SchtasksTaskScheduler.parseLastResult("-2147024894"));
        assertEquals(OptionalLong.of(0x41306), SchtasksTaskScheduler.parseLastResult("0x41306"));
        assertEquals(OptionalLong.empty(), SchtasksTaskScheduler.parseLastResult("N/A"));
    }

    @Test
    void aMissingTaskIsAbsentWhateverTheLanguageOfTheMessage() throws Exception {
        answer(1, "", "ERROR: The system cannot find the file specified.\r\n");
        assertEquals(Optional.empty(), tasks.query("\\svcctl\\web"));

        answer(1, "", "FEHLER: Das System kann die angegebene Datei nicht finden.\r\n");
        answer(0, "\"\\svcctl\\other\",\"N/A\",\"Ready\"\r\n", "");
        assertEquals(Optional.empty(), tasks.query("\\svcctl\\web"));
        assertEquals(List.of(SCHTASKS, "/Query", "/FO", "CSV", "/NH"), calls.get(2));
    }

    @Test
    void anUnknownFailureOfATaskThatIsListedIsReported() {
        answer(1, "", "FEHLER: Zugriff verweigert\r\n");
        answer(0, "\"\\svcctl\\web\",\"N/A\",\"Ready\"\r\n", "");
        TaskException e = assertThrows(TaskException.class, () -> tasks.query("\\svcctl\\web"));
        assertEquals(TaskException.UNKNOWN, e.code());
        assertEquals("schtasks /Query: FEHLER: Zugriff verweigert", e.getMessage());
    }

    @Test
    void englishMessagesBecomeWin32Codes() {
        assertEquals(TaskException.ERROR_FILE_NOT_FOUND,
                SchtasksTaskScheduler.classify("ERROR: The system cannot find the file specified."));
        assertEquals(TaskException.ERROR_FILE_NOT_FOUND, SchtasksTaskScheduler.classify(
                "ERROR: The specified task name \"\\svcctl\\web\" does not exist in the system."));
        assertEquals(TaskException.ERROR_ACCESS_DENIED, SchtasksTaskScheduler.classify("ERROR: Access is denied."));
        assertEquals(TaskException.ERROR_ALREADY_EXISTS,
                SchtasksTaskScheduler.classify("ERROR: Cannot create a file when that file already exists."));
        assertEquals(TaskException.UNKNOWN, SchtasksTaskScheduler.classify("ERROR: The task XML is malformed."));
    }

    @Test
    void runEndAndDeleteFailuresCarryTheCode() {
        answer(1, "", "ERROR: Access is denied.\r\n");
        TaskException e = assertThrows(TaskException.class, () -> tasks.end("\\svcctl\\web"));
        assertEquals(TaskException.ERROR_ACCESS_DENIED, e.code());
        assertEquals(List.of(SCHTASKS, "/End", "/TN", "\\svcctl\\web"), calls.get(0));
        answer(1, "", "ERROR: The system cannot find the file specified.\r\n");
        assertEquals(TaskException.ERROR_FILE_NOT_FOUND,
                assertThrows(TaskException.class, () -> tasks.delete("\\svcctl\\web")).code());
        assertEquals(List.of(SCHTASKS, "/Delete", "/TN", "\\svcctl\\web", "/F"), calls.get(1));
    }

    @Test
    void listKeepsTheTasksDirectlyInTheFolderOnce() throws Exception {
        answer(0, "\"\\svcctl\\web\",\"N/A\",\"Running\"\r\n\"\\svcctl\\web\",\"N/A\",\"Running\"\r\n"
                + "\"\\svcctl\\sub\\x\",\"N/A\",\"Ready\"\r\n\"\\other\",\"N/A\",\"Ready\"\r\n"
                + "\"\\SVCCTL\\api\",\"N/A\",\"Ready\"\r\n", "");
        assertEquals(List.of("\\svcctl\\web", "\\SVCCTL\\api"), tasks.list("\\svcctl\\"));
    }

    @Test
    void anArgumentTheCommandLineWouldChangeIsRefused() {
        assertThrows(TaskException.class, () -> tasks.run("\\svcctl\\we\"b"));
        assertThrows(TaskException.class, () -> new SchtasksTaskScheduler(runner, SCHTASKS,
                DIR, p -> "C:\\Users\\A B\\").create("\\svcctl\\web", XML, false));
        assertEquals(List.of(), calls, "nothing ran");
    }

    @Test
    void onlyArgumentsTheJdkQuotesAsWindowsCommandLineDoesArePassed() {
        for (String ok : List.of("\\svcctl\\web", "/F", "C:\\Users\\ann\\", "100%",
                "C:\\Users\\Zo\u00eb Smith & Co\\AppData\\Local\\svcctl\\tasks\\web.xml")) {
            assertTrue(SchtasksTaskScheduler.passesUnchanged(ok), ok);
        }
        for (String refused : List.of("", "a\"b", "C:\\Users\\A B\\", "x\0y")) {
            assertFalse(SchtasksTaskScheduler.passesUnchanged(refused), refused);
        }
    }

    @Test
    void csvFieldsMayHoldCommasAndDoubledQuotes() {
        assertEquals(List.of(List.of("a,b", "say \"hi\"", "")),
                SchtasksTaskScheduler.Csv.parse("\"a,b\",\"say \"\"hi\"\"\",\"\"\r\n"));
    }
}
