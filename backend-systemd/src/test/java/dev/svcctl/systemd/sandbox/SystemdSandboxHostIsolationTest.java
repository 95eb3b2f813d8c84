package dev.svcctl.systemd.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A whole boot, service and shutdown cycle leaves the host as it was. Other processes add and remove their own files
 * in the host's /tmp meanwhile (a parallel build on a loaded CI machine removed its jruby-PID directory during a run),
 * so /tmp is judged by canaries of this test's own (a file, a directory with a file, a dot file: a wipe would take
 * them) and by the entries that were already old by all three times (what an age-based systemd-tmpfiles clean-up
 * removes, and what no parallel build is in the middle of removing); the directories nothing else touches must be
 * identical.
 */
class SystemdSandboxHostIsolationTest {

    private static final List<Path> UNTOUCHED = List.of(Path.of("/etc/systemd/system"), Path.of("/var/lib/systemd"),
            Path.of("/var/log/journal"));

    @Test
    void bootServiceAndShutdownLeaveTheHostUnchanged() throws IOException {
        // Entries old by all three times are what an age-based clean-up (systemd-tmpfiles-clean) removes first, and
        // what no parallel build is in the middle of removing; the canaries stand for a wipe of everything.
        Set<String> oldBefore = oldEntries(Path.of("/tmp"));
        List<Path> canaries = canaries();
        try {
            Set<String> devBefore = names(Path.of("/dev"));
            List<Set<String>> untouchedBefore = UNTOUCHED.stream().map(SystemdSandboxHostIsolationTest::tree)
                    .toList();

            SystemdSandbox sandbox = SystemdSandbox.bootInModule("host-isolation");
            Path cgroup = sandbox.hostCgroup();
            long pid = sandbox.hostPid();
            try (sandbox) {
                assertTrue(Files.isDirectory(cgroup));
                // Without the overlay root a state directory would land in the host's /var/lib.
                sandbox.installUnit("harness-isolation.service", """
                        [Service]
                        Type=oneshot
                        RemainAfterExit=yes
                        StateDirectory=svcctl-harness-state
                        PrivateTmp=yes
                        ExecStart=/bin/sh -c 'echo state > /var/lib/svcctl-harness-state/file; echo tmp > /tmp/file'
                        """);
                assertTrue(sandbox.systemctl("start", "harness-isolation.service").ok(),
                        sandbox.journal("harness-isolation.service"));
                assertEquals("state\n", sandbox.execOk("cat", "/var/lib/svcctl-harness-state/file"));
                emptyTmpTheWaySystemdTmpfilesDidOnTheHost(sandbox);
            }

            assertFalse(Files.exists(Path.of("/proc", Long.toString(pid))), "the sandbox's systemd is gone");
            assertFalse(Files.exists(cgroup), "the sandbox's cgroup is removed");
            assertFalse(Files.exists(Path.of("/var/lib/svcctl-harness-state")));
            for (Path canary : canaries) {
                assertTrue(Files.exists(canary, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        "the host's /tmp lost " + canary);
                if (Files.isRegularFile(canary)) {
                    assertEquals("canary", Files.readString(canary), canary.toString());
                }
            }
            Set<String> lostOld = new TreeSet<>(oldBefore);
            lostOld.removeAll(names(Path.of("/tmp")));
            assertEquals(Set.of(), lostOld, "entries of the host's /tmp older than 10 days that it lost");
            assertEquals(devBefore, names(Path.of("/dev")), "entries of the host's /dev (journald would add /dev/log)");
            for (int i = 0; i < UNTOUCHED.size(); i++) {
                assertEquals(untouchedBefore.get(i), tree(UNTOUCHED.get(i)), UNTOUCHED.get(i).toString());
            }
        } finally {
            for (Path canary : canaries) {
                Files.deleteIfExists(canary);
            }
        }
    }

    /** The names of the entries of {@code dir} whose access, modification and change times are all 10+ days old. */
    private static Set<String> oldEntries(Path dir) throws IOException {
        java.time.Instant old = java.time.Instant.now().minus(java.time.Duration.ofDays(10));
        Set<String> names = new TreeSet<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                try {
                    java.util.Map<String, Object> times = Files.readAttributes(entry,
                            "unix:lastAccessTime,lastModifiedTime,ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (times.values().stream().allMatch(t -> ((java.nio.file.attribute.FileTime) t).toInstant()
                            .isBefore(old))) {
                        names.add(entry.getFileName().toString());
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed by its owner meanwhile
                }
            }
        }
        return names;
    }

    /**
     * systemd-tmpfiles-setup once emptied the host's /tmp from a sandbox; do the same inside, but only after
     * proving that the sandbox's /tmp is its own tmpfs, so that a broken harness fails here instead of wiping the
     * host's /tmp.
     */
    private static void emptyTmpTheWaySystemdTmpfilesDidOnTheHost(SystemdSandbox sandbox) {
        assertEquals("svcctl-tmp", sandbox.execOk("findmnt", "--noheadings", "--output=SOURCE", "--mountpoint=/tmp")
                .strip(), "the tmpfs the harness mounts on /tmp");
        String marker = "svcctl-harness-guard-" + ProcessHandle.current().pid();
        sandbox.writeFile("/tmp/" + marker, "guard");
        assertFalse(Files.exists(Path.of("/tmp", marker)), "the sandbox's /tmp must not be the host's");
        assertTrue(sandbox.exec("systemd-tmpfiles", "--remove", "--boot", "--prefix=/tmp").ok());
        assertFalse(sandbox.exec("test", "-e", "/tmp/" + marker).ok(), "systemd-tmpfiles emptied the sandbox's /tmp");
    }

    /** The canaries in the host's /tmp, children before their directory. */
    private static List<Path> canaries() throws IOException {
        String tag = "svcctl-isolation-" + ProcessHandle.current().pid();
        Path tmp = Path.of("/tmp");
        Path dir = Files.createDirectories(tmp.resolve(tag + ".d"));
        List<Path> canaries = List.of(tmp.resolve(tag), dir.resolve("inside"), dir, tmp.resolve("." + tag));
        for (Path canary : canaries) {
            if (!canary.equals(dir)) {
                Files.writeString(canary, "canary");
            }
        }
        return canaries;
    }

    @Test
    void closeIsIdempotentAndTheSandboxCanBeBootedAgain() {
        SystemdSandbox first = SystemdSandbox.bootInModule("reboot");
        first.close();
        first.close();
        try (SystemdSandbox second = SystemdSandbox.bootInModule("reboot")) {
            assertEquals("running", second.systemState());
        }
    }

    private static Set<String> names(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path below {@code dir} with its type and size (no contents: /dev holds devices). */
    private static Set<String> tree(Path dir) {
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.map(path -> path + " " + (Files.isSymbolicLink(path) ? "link" : Files.isDirectory(path)
                    ? "dir" : Files.isRegularFile(path) ? "file " + size(path) : "other"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
