package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * cpuAffinity under {@code svcctl run} (a JVM of its own): the program and its preStart hook run on exactly the
 * listed CPU, read from the kernel (/proc/PID/status), while every thread of svcctl run keeps the CPUs it had.
 */
class RunCpuAffinityTest {
    private static final long WAIT_SECONDS = 30;

    private static String allowed(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).strip();
            }
        }
        throw new AssertionError("no Cpus_allowed_list in " + status);
    }

    @Test
    void theProgramAndItsHookRunOnlyOnTheListedCpuAndSvcctlRunKeepsItsOwn() throws Exception {
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        String mine = linux ? allowed(Path.of("/proc/self/status")) : "";
        boolean severalCpus = linux && (mine.contains("-") || mine.contains(","));
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(severalCpus, "needs Linux and a process allowed on more than one CPU (has: " + mine + ")");
        }
        assertTrue(severalCpus, "CI must run this on Linux with several CPUs (has: " + mine + ")");
        // The last CPU this JVM may use: a subset of what svcctl run inherits, so the kernel accepts it.
        String last = mine.substring(Math.max(mine.lastIndexOf('-'), mine.lastIndexOf(',')) + 1);

        Path dir = Path.of("target", "test-work", "run-affinity").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Path pid = dir.resolve("pid");
        Path hook = dir.resolve("hook");
        Path spec = dir.resolve("pinned.yaml");
        Files.writeString(spec, "name: pinned\nexec: /bin/sh\n"
                + "args: [\"-c\", \"echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid + "; exec sleep 1000\"]\n"
                + "hooks:\n  preStart: [/bin/sh, -c, \"grep Cpus_allowed_list /proc/self/status > " + hook + "\"]\n"
                + "cpuAffinity: [" + last + "]\n"
                + "logs: {stdout: discard, stderr: discard}\nrestart: {policy: never}\n");

        Process run = SvcctlJvm.command("run", spec.toString()).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!Files.exists(pid)) {
                assertTrue(run.isAlive(), "svcctl run ended before the program started");
                assertTrue(System.nanoTime() < deadline, "the program did not start");
                Thread.sleep(20);
            }
            long program = Long.parseLong(Files.readString(pid).strip());
            assertEquals(last, allowed(Path.of("/proc/" + program + "/status")), "the program's CPUs");
            assertEquals("Cpus_allowed_list:\t" + last, Files.readString(hook).strip(), "the hook's CPUs");
            List<String> threads = new ArrayList<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + run.pid() + "/task"))) {
                for (Path task : tasks.toList()) {
                    threads.add(allowed(task.resolve("status")));
                }
            }
            assertFalse(threads.isEmpty());
            assertEquals(List.of(mine), threads.stream().distinct().toList(),
                    "every thread of svcctl run has its CPUs back");
        } finally {
            run.destroy(); // SIGTERM: svcctl run stops its program
            if (!run.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }
}
