package dev.svcctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS)
class CommonsExecProcessRunnerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final ProcessRunner runner = new CommonsExecProcessRunner();

    @Test
    void argumentsReachTheCommandExactlyAsGiven() throws IOException {
        List<String> hostile = List.of("two words", "", " ", "double\"quote", "single'quote", "back\\slash",
                "trailing\\", "\\\"escaped\\\"", "$HOME", "${PATH}", "$(id)", "`id`", "%PATH%", "*", "?", "~",
                "a\tb", "line\nbreak", "--flag=value with spaces", "ünïcødé ✓ 日本", "'\"\\'\"", "-c", ";", "&&", "|",
                "<", ">", "#");
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "printf '%s\\0' \"$@\"", "sh"));
        argv.addAll(hostile);

        ProcessRunner.Result result = runner.run(argv, TIMEOUT);

        assertEquals(0, result.exitCode(), result::toString);
        List<String> received = Arrays.asList(result.stdout().split("\0", -1));
        assertEquals(hostile, received.subList(0, received.size() - 1));
        assertEquals("", received.get(received.size() - 1));
    }

    @Test
    void anyExitCodeIsAnAnswerWithBothStreamsCaptured() throws IOException {
        ProcessRunner.Result result = runner.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), TIMEOUT);

        assertEquals(new ProcessRunner.Result(3, "out\n", "err\n"), result);
        assertFalse(result.ok());
    }

    @Test
    void outputLargerThanAPipeIsReadWhileTheCommandRuns() throws IOException {
        ProcessRunner.Result result = runner.run(List.of("/bin/sh", "-c",
                "i=0; while [ $i -lt 20000 ]; do echo line-$i; echo err-$i >&2; i=$((i+1)); done"), TIMEOUT);

        assertEquals(0, result.exitCode());
        assertEquals(20000, result.stdout().lines().count());
        assertEquals(20000, result.stderr().lines().count());
        assertTrue(result.stdout().endsWith("line-19999\n"));
    }

    @Test
    void aCommandPastItsTimeoutIsEndedAndReported() {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> runner.run(List.of("sleep", "60"), Duration.ofMillis(300)));

        assertInstanceOf(ProcessRunner.TimedOutException.class, e);
        assertEquals("'sleep 60' did not finish within 0s and was ended", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0);
    }

    @Test
    void anAttachedCommandAlsoHasADeadline() {
        assertThrows(ProcessRunner.TimedOutException.class,
                () -> runner.runAttached(List.of("sleep", "60"), Duration.ofMillis(300)));
    }

    @Test
    void anAttachedCommandAnswersItsExitCode() throws IOException {
        assertEquals(4, runner.runAttached(List.of("/bin/sh", "-c", "exit 4"), ProcessRunner.NO_TIMEOUT));
    }

    @Test
    void aMissingProgramIsAnErrorThatIsNotATimeout() {
        IOException e = assertThrows(IOException.class,
                () -> runner.run(List.of("/nonexistent/svcctl-test-program"), TIMEOUT));

        assertFalse(e instanceof ProcessRunner.TimedOutException);
        assertTrue(e.getMessage().contains("/nonexistent/svcctl-test-program"), e.getMessage());
    }
}
