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
}
