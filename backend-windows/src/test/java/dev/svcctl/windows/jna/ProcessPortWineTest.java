package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.windows.WineTools;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WindowsProcessPort's call sequence on a real Windows API implementation (Wine): processport.exe starts programs
 * the way the port does (NUL stdin, pipe stdout/stderr, new hidden console, Unicode environment block, directory,
 * suspended into a KILL_ON_JOB_CLOSE job), reads their output to ERROR_BROKEN_PIPE, sends Ctrl-C through their
 * console, and counts and ends a tree through the job. The Java port binds the same calls with JNA; the structure
 * offsets it reads by hand are checked here too.
 */
class ProcessPortWineTest {

    @Test
    void startOutputCtrlCAndTheJobBehaveAsThePortExpects() throws Exception {
        WineTools.assumeAvailable();
        Path exe = WineTools.compile("processport.exe", List.of("processport.c"), "-municode");
        WineTools.Result result = WineTools.wine(exe, List.of(), "", 120);
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : result.stdout().split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String context = result.stdout() + result.stderr();
        assertEquals(String.valueOf(SvcctlKernel32.JOB_ACCOUNTING_SIZE), facts.get("accounting-size"), context);
        assertEquals(String.valueOf(SvcctlKernel32.JOB_ACCOUNTING_ACTIVE_PROCESSES_OFFSET),
                facts.get("active-processes-offset"), context);
        assertEquals("out-line|env from the block 日本|cwd " + facts.get("expected-cwd") + "|stdin-read 0|",
                facts.get("stdout"), context);
        assertEquals("err-line|", facts.get("stderr"), context);
        assertEquals("109", facts.get("stdout-end"), "ERROR_BROKEN_PIPE ends the stream: " + context);
        assertEquals("109", facts.get("stderr-end"), context);
        assertEquals("3", facts.get("exit-code"), context);
        assertEquals("yes", facts.get("ctrl-c-sent"), context);
        assertEquals("42", facts.get("ctrl-c-exit"), "the program's Ctrl-C handler ran: " + context);
        assertEquals("yes", facts.get("pipe-open-while-grandchild-lives"), context);
        assertEquals("broken-pipe", facts.get("pipe-end-after-terminate"), context);
        assertEquals("0", facts.get("active-after-terminate"), context);
        // Wine counts the ending parent and its console's conhost.exe for a moment after the parent's end (see
        // processport.c): the program waits, bounded, for them to go, so the count is the grandchild alone.
        assertEquals("1", facts.get("active-before-terminate"), "the grandchild alone is left (first count "
                + facts.get("active-first") + ": " + facts.get("job-members-first") + "): " + context);
    }
}
