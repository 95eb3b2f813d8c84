package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code svcctl host} off Windows: one line, exit 69, and not one JNA class needed to say so. */
class HostCommandTest {

    @BeforeAll
    static void notOnWindows() {
        assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), "checks the non-Windows answer");
    }

    @Test
    void offWindowsItFailsWithOneLineAndExit69() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "host", "--name", "web");
        assertEquals(69, code);
        assertEquals("", out.toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("svcctl: 'svcctl host' runs only on Windows"), lines.get(0));
        assertTrue(lines.get(0).contains("svcctl run --name web"), lines.get(0));
    }

    @Test
    void theSharedGroupFormIsWindowsOnlyTooAndTakesNoName() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "host", "--group",
                "svcctl-0123456789abcdef01234567");
        assertEquals(69, code);
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("svcctl: 'svcctl host --group' runs only on Windows"), lines.get(0));

        StringWriter both = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(both), "host", "--group",
                "svcctl-0123456789abcdef01234567", "--name", "web"));
        assertTrue(both.toString().contains("takes --name or --group, not both"), both.toString());
    }

    @Test
    void theUsageHelpDoesNotListIt() {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertTrue(out.toString().contains("  run "), out.toString());
        assertFalse(out.toString().contains("  host "), out.toString());
    }

    @Test
    void offWindowsItAnswersWithoutJnaOnTheClassPath() throws Exception {
        String classPath = System.getProperty("java.class.path");
        assertTrue(classPath.contains("jna-"), "the test class path has JNA to leave out: " + classPath);
        String withoutJna = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("jna"))
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(withoutJna.contains("jna-"), withoutJna);
        Process svcctl = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", withoutJna, Main.class.getName(), "host", "--name", "web").redirectErrorStream(true).start();
        String output = new String(svcctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(svcctl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(69, svcctl.exitValue(), output);
        assertTrue(output.startsWith("svcctl: 'svcctl host' runs only on Windows"), output);
    }
}
