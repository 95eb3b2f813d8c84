package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, attack 3: {@code svcctl run} killed with SIGKILL takes its program and all the program's descendants
 * with it (a double-forked daemon and a new session included), and a second {@code svcctl run} of a service that
 * is still supervised is refused, naming the supervisor's pid. Real svcctl processes (a JVM each).
 */
class RunSafetyTest {
    private static final long WAIT_SECONDS = 30;

    private static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "run-safety", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static Path spec(Path dir, String name, String script) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", \""
                + script.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]\n"
                + "logs: {stdout: discard, stderr: discard}\nrestart: {policy: never}\n");
        return file;
    }

    /** {@code svcctl run FILE} in a JVM of its own, sharing the runtime directory of this JVM's in-process runs. */
    private static Process svcctlRun(Path file, Path stderr) throws IOException {
        return SvcctlJvm.command("run", file.toString()).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(stderr.toFile()).start();
    }

    private static void awaitLines(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
            assertTrue(System.nanoTime() < deadline, file + " did not get " + lines + " lines");
            Thread.sleep(20);
        }
    }

    /** Gone, or a zombie that whoever adopted it has not collected yet: either way it runs no more. */
    private static boolean runs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    /** After a failure: nothing the test started may outlive it. */
    private static void killSurvivors(Path pids) throws IOException {
        if (Files.exists(pids)) {
            for (String pid : Files.readAllLines(pids)) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void killingSvcctlRunWithSigkillTakesTheProgramAndAllItsDescendantsWithinOneSecond() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"), "Linux only");
        Path dir = freshDir("kill9");
        Path pids = dir.resolve("pids");
        // The program, a child, a double-forked daemon in a session of its own (re-parented to the supervisor).
        String script = "echo $$ >> " + pids + "; sleep 300 & echo $! >> " + pids + ";"
                + " sh -c 'setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! >> " + pids + "'; wait";
        Process svcctl = svcctlRun(spec(dir, "kill9", script), dir.resolve("stderr"));
        try {
            awaitLines(pids, 3);
            List<Long> tree = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
            tree.forEach(pid -> assertTrue(runs(pid), "pid " + pid + " runs before the kill"));

            svcctl.destroyForcibly();
            assertTrue(svcctl.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            List<Long> left = tree;
            while (!(left = tree.stream().filter(RunSafetyTest::runs).toList()).isEmpty()
                    && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(1)) {
                Thread.sleep(10);
            }
            assertEquals(List.of(), left, "still running 1 s after svcctl run was killed with SIGKILL");
        } finally {
            svcctl.destroyForcibly();
            killSurvivors(pids);
        }
    }

    @Test
    void aSecondRunOfASupervisedServiceIsRefusedNamingTheSupervisorAndAfterItsDeathRunsAgain() throws Exception {
        Path dir = freshDir("second");
        Path starts = dir.resolve("starts");
        Path file = spec(dir, "second-run", "echo $$ >> " + starts + "; while :; do sleep 0.1; done");
        Process first = svcctlRun(file, dir.resolve("first.err"));
        try {
            awaitLines(starts, 1);
            Path secondErr = dir.resolve("second.err");
            Process second = svcctlRun(file, secondErr);
            assertTrue(second.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the second svcctl run did not give up");
            assertEquals(1, second.exitValue());
            assertEquals("svcctl: 'second-run' is already supervised by svcctl run (pid " + first.pid() + "); not"
                    + " starting it twice (hint: stop that one first (kill -TERM " + first.pid() + "))\n",
                    Files.readString(secondErr));
            assertEquals(1, Files.readAllLines(starts).size(), "the program was started twice");

            // A supervisor that died without a word (kill -9) leaves a lock nobody holds: no obstacle.
            first.destroyForcibly();
            assertTrue(first.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            Process third = svcctlRun(file, dir.resolve("third.err"));
            try {
                awaitLines(starts, 2);
            } finally {
                third.destroy();
                assertTrue(third.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            }
        } finally {
            first.destroyForcibly();
            killSurvivors(starts);
        }
    }
}
