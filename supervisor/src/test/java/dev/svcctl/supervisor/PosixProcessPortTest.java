package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 2: orphans are reaped as they end, with no call and no timer (the subreaper's waitid); the tree kill
 * never signals a process that is not the child of the process it was found under (a reused pid).
 */
class PosixProcessPortTest {
    private static final long SELF = ProcessHandle.current().pid();

    private static String allowedCpus(Path status) throws java.io.IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring("Cpus_allowed_list:".length()).strip()).findFirst().orElseThrow();
    }

    @Test
    void startOnPinsOnlyTheNewProcessAndRefusesCpusThatAreNotThere() throws Exception {
        assumeTrue(Fixtures.isLinux(), "sched_setaffinity is Linux's");
        PosixProcessPort port = new PosixProcessPort();
        Path self = Path.of("/proc/thread-self/status");
        String before = allowedCpus(self);
        Process pinned = port.startOn(java.util.List.of(0), () -> port.start(new ProcessBuilder("/bin/sleep", "30")));
        try {
            assertEquals("0", allowedCpus(Path.of("/proc/" + pinned.pid() + "/status")));
            assertEquals(before, allowedCpus(self), "the calling thread has its CPUs back");
        } finally {
            pinned.destroyForcibly().waitFor();
        }
        java.io.IOException none = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> port.startOn(java.util.List.of(4095), () -> port.start(new ProcessBuilder("/bin/true"))));
        assertTrue(none.getMessage().contains("none of them is online"), none.getMessage());
        assertEquals(before, allowedCpus(self));
    }

    @Test
    void anOrphanIsReapedAsItEndsWithNoCallToThePort() throws Exception {
        assumeTrue(Fixtures.isLinux(), "the subreaper is Linux's");
        PosixProcessPort port = new PosixProcessPort();
        assertTrue(port.keepOrphans());
        // The inner shell outlives its parent, is re-parented to this JVM (the subreaper), then ends.
        Process parent = port.start(new ProcessBuilder("/bin/sh", "-c", "sh -c 'sleep 0.3' & echo $!; exit 0")
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        long orphan;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
            orphan = Long.parseLong(out.readLine().trim());
        }
        assertEquals(0, parent.waitFor());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcTree.parent(orphan) != SELF) {
            assertTrue(System.nanoTime() < deadline, "pid " + orphan + " was not re-parented to this JVM");
            Thread.sleep(5);
        }
        // Gone from /proc: not a zombie any more, reaped though nothing called the port since.
        while (Files.exists(Path.of("/proc/" + orphan))) {
            assertTrue(System.nanoTime() < deadline, "orphan " + orphan + " was not reaped: "
                    + (ProcTree.hasEnded(orphan) ? "a zombie" : "still running"));
            Thread.sleep(5);
        }
    }

    @Test
    void aProcessIsKilledOnlyWhenItIsStillTheChildOfTheProcessItWasFoundUnder() throws Exception {
        assumeTrue(Fixtures.isLinux(), "/proc and pidfds are Linux's");
        PosixProcessPort port = new PosixProcessPort();
        Process shell = port.start(new ProcessBuilder("/bin/sh", "-c", "sleep 60 & echo $!; wait")
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        try {
            long sleeper;
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII))) {
                sleeper = Long.parseLong(out.readLine().trim());
            }
            // Found under pid 1 (as a pid reused since the listing would be): not the sleeper's parent, so spared.
            assertFalse(port.killChild(sleeper, 1, SELF));
            Thread.sleep(100);
            assertFalse(ProcTree.hasEnded(sleeper), "a process not the child of the one it was found under was killed");
            assertTrue(port.killChild(sleeper, shell.pid(), SELF));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!ProcTree.hasEnded(sleeper)) {
                assertTrue(System.nanoTime() < deadline, "the sleeper was not killed");
                Thread.sleep(5);
            }
        } finally {
            shell.destroyForcibly();
            shell.waitFor();
        }
    }

    /** The probe path of {@link PosixProcessPort#runDiscarding} is the direct one here, or the test says why not. */
    private static PosixProcessPort directProbes() {
        assumeTrue(Fixtures.isLinux(), "posix_spawn with closefrom and pidfds is the Linux port's");
        PosixProcessPort port = new PosixProcessPort();
        if (!port.spawnsProbesDirectly()) {
            String why = "this C library or kernel lacks posix_spawn_file_actions_addclosefrom_np or pidfds";
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(why);
            }
            assumeTrue(false, why);
        }
        return port;
    }

    @Test
    void aProbeAnswersItsExitCodeAsTheJdkWouldAndLeavesNoZombie() throws Exception {
        PosixProcessPort port = directProbes();
        Path pidFile = Files.createTempFile("probe", ".pid");
        try {
            assertEquals(java.util.OptionalInt.of(0), port.runDiscarding(java.util.List.of("true"),
                    Duration.ofSeconds(30)), "found on PATH, as the JDK finds it");
            assertEquals(java.util.OptionalInt.of(3), port.runDiscarding(java.util.List.of("/bin/sh", "-c",
                    "echo $$ > " + pidFile + "; echo noise; echo more >&2; exit 3"), Duration.ofSeconds(30)));
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            assertFalse(Files.exists(Path.of("/proc/" + pid)), "the probe was collected when it was answered");
            assertEquals(java.util.OptionalInt.of(128 + 9), port.runDiscarding(java.util.List.of("/bin/sh", "-c",
                    "kill -9 $$"), Duration.ofSeconds(30)), "death by signal N is 128+N, as Process.exitValue says");
            java.io.IOException missing = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> port.runDiscarding(java.util.List.of("/nonexistent/probe"), Duration.ofSeconds(30)));
            assertTrue(missing.getMessage().contains("No such file or directory"), missing.getMessage());
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }

    @Test
    void aProbeGetsNoInputNoInheritedDescriptorsNoBlockedSignalsAndTheWatchdogsMark() throws Exception {
        PosixProcessPort port = directProbes();
        // A descriptor this JVM holds without close-on-exec (the JDK opens files so) must not reach the probe.
        Path file = Files.createTempFile("held", ".txt");
        Path ignored = Files.createTempFile("ignored", ".txt");
        try (java.io.FileInputStream held = new java.io.FileInputStream(file.toFile())) {
            int number = -1;
            try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).equals(file.toRealPath())) {
                            number = Integer.parseInt(fd.getFileName().toString());
                        }
                    } catch (java.io.IOException gone) {
                        // the directory's own descriptor, closed by now
                    }
                }
            }
            assertTrue(number > 2, "the held file's descriptor was found");
            String script = "if read -r line; then exit 10; fi;"
                    + " [ -n \"$" + TreeWatchdog.VARIABLE + "\" ] || exit 11;"
                    + " [ ! -e /proc/$$/fd/" + number + " ] || exit 12;"
                    + " [ \"$(readlink /proc/$$/fd/1)\" = /dev/null ] || exit 13;"
                    + " [ \"$(readlink /proc/$$/fd/2)\" = /dev/null ] || exit 14;"
                    + " grep -q '^SigBlk:[[:space:]]*0*$' /proc/$$/status || exit 15;"
                    + " grep '^SigIgn:' /proc/$$/status > " + ignored + "; exit 0";
            assertEquals(java.util.OptionalInt.of(0), port.runDiscarding(java.util.List.of("/bin/sh", "-c", script),
                    Duration.ofSeconds(30)));
            // Ignored signals as in a process the JDK starts (glibc's posix_spawn leaves only its own two ignored).
            Process jdk = new ProcessBuilder("/bin/sh", "-c", "grep '^SigIgn:' /proc/$$/status").start();
            String jdkIgnored = new String(jdk.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(0, jdk.waitFor());
            assertEquals(jdkIgnored, Files.readString(ignored));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(ignored);
        }
    }

    @Test
    void aProbeThatOverrunsIsKilledWithItsTreeAndCollected() throws Exception {
        PosixProcessPort port = directProbes();
        Path pids = Files.createTempFile("probe", ".pids");
        try {
            long start = System.nanoTime();
            assertEquals(java.util.OptionalInt.empty(), port.runDiscarding(java.util.List.of("/bin/sh", "-c",
                    "sleep 60 & echo $$ $! > " + pids + "; wait"), Duration.ofMillis(500)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the timeout was kept");
            String[] both = Files.readString(pids).trim().split(" ");
            assertFalse(Files.exists(Path.of("/proc/" + both[0])), "the probe was collected, no zombie is left");
            long child = Long.parseLong(both[1]);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(Path.of("/proc/" + child)) && !ProcTree.hasEnded(child)) {
                assertTrue(System.nanoTime() < deadline, "the probe's child " + child + " was not killed");
                Thread.sleep(5);
            }
        } finally {
            Files.deleteIfExists(pids);
        }
    }

    @Test
    void anInterruptedProbeWaitKillsAndCollectsTheProbe() throws Exception {
        PosixProcessPort port = directProbes();
        Path pidFile = Files.createTempFile("probe", ".pid");
        try {
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            Thread prober = new Thread(() -> {
                try {
                    outcome.set(new AssertionError("answered " + port.runDiscarding(java.util.List.of("/bin/sh", "-c",
                            "echo $$ > " + pidFile + "; exec sleep 60"), Duration.ofSeconds(60))));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            prober.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(pidFile) == 0) {
                assertTrue(System.nanoTime() < deadline, "the probe did not start");
                Thread.sleep(5);
            }
            prober.interrupt();
            prober.join(Duration.ofSeconds(20).toMillis());
            assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            assertFalse(Files.exists(Path.of("/proc/" + pid)), "the probe was killed and collected");
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }
}
