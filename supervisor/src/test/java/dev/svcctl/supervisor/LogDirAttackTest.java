package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, attack 1: a log directory another user can write, or names planted in it, must never redirect the
 * supervisor's writes (append to, gzip, truncate or create a file outside the log directory). Each attack fails
 * safe: the victim file is unchanged, nothing is created outside the log directory, and the service either keeps
 * its logs or refuses to start with a one-line reason.
 */
class LogDirAttackTest {
    private static final String SECRET = "root's secret\n";
    private static final String STAMPED = "stdout-20200101T000000Z-000001.log";

    private static ServiceSpec spec(Path logDir, String script, boolean compress) {
        return ServiceSpec.builder("attacked", "/bin/sh").args("-c", script)
                .logs(new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.of(logDir.toString()),
                        Optional.of(new RotateSpec(OptionalLong.of(64), RotateEvery.NONE, 10, compress,
                                OptionalLong.empty()))))
                .restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofMillis(100), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
    }

    /** A 0600 file of the test's user, alone in its directory: what the attacker is after. */
    private static Path victim(Path dir) throws IOException {
        Path victim = Files.createDirectory(dir.resolve("home")).resolve("victim");
        Files.writeString(victim, SECRET);
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        return victim;
    }

    private static void assertUntouched(Path victim) throws IOException {
        assertEquals(SECRET, Files.readString(victim), "the victim file changed");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(victim));
        assertEquals(Set.of("victim"), names(victim.getParent()), "something was created beside the victim");
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Outcome run(ServiceSpec spec, Path dir, ProcessPort port) throws Exception {
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), port, new RecordingListener());
        supervisor.start();
        return supervisor.awaitExit(Duration.ofSeconds(30)).orElseThrow();
    }

    @Test
    void aLogDirectoryOfAnotherUserWithAllThreePlantsIsRefusedAndNothingIsTouched() throws Exception {
        OtherUser.require();
        Path dir = Fixtures.freshDir("attack/other-users-dir");
        Path victim = victim(dir);
        Path logDir = Files.createDirectory(dir.resolve("logs"));
        OtherUser.own(logDir);
        Path fifo = logDir.resolve(".stdout.svcctl-fifo");
        OtherUser.run("ln -s '" + victim + "' '" + logDir.resolve("stdout.log") + "' && ln -s '" + victim + "' '"
                + logDir.resolve(STAMPED) + "'");
        Process swapper = OtherUser.start("while :; do rm -f '" + fifo + "'; ln -s '" + victim + "' '" + fifo
                + "' 2>/dev/null; done");
        try {
            Supervisor supervisor = new Supervisor(spec(logDir, "echo hello", true), Fixtures.settings(dir),
                    Fixtures.port(), new RecordingListener());
            IOException refused = assertThrows(IOException.class, supervisor::start);
            assertEquals("the log directory " + logDir + " is owned by nobody, not by root or the service's user:"
                    + " another user could redirect the supervisor's writes; chown or chmod it, or choose another"
                    + " logs.dir", refused.getMessage());
        } finally {
            swapper.destroyForcibly().waitFor();
        }
        assertUntouched(victim);
        assertTrue(Files.isSymbolicLink(logDir.resolve("stdout.log")));
        assertFalse(Files.exists(logDir.resolve(STAMPED + ".gz"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLogDirectoryReachedThroughAnotherUsersDirectoryIsRefused() throws Exception {
        OtherUser.require();
        Path dir = Fixtures.freshDir("attack/other-users-parent");
        Path victim = victim(dir);
        Path theirs = Files.createDirectory(dir.resolve("logs"));
        OtherUser.own(theirs);
        // Their directory could have the root-owned log directory swapped for a link at any time.
        Path logDir = Files.createDirectory(theirs.resolve("svc"));
        IOException refused = assertThrows(IOException.class,
                () -> new Supervisor(spec(logDir, "echo hello", false), Fixtures.settings(dir), Fixtures.port(),
                        new RecordingListener()).start());
        assertTrue(refused.getMessage().startsWith(theirs + " is owned by nobody"), refused.getMessage());
        assertUntouched(victim);
        assertEquals(Set.of(), names(logDir));
    }

    @Test
    void aPlantedActiveLogLinkIsNeitherFollowedNorAppendedTo() throws Exception {
        Path dir = Fixtures.freshDir("attack/active-link");
        Path victim = victim(dir);
        Path logDir = Files.createDirectory(dir.resolve("logs"));
        Files.createSymbolicLink(logDir.resolve("stdout.log"), victim);
        Supervisor supervisor = new Supervisor(spec(logDir, "echo hello", false), Fixtures.settings(dir),
                Fixtures.port(), new RecordingListener());
        IOException refused = assertThrows(IOException.class, supervisor::start);
        assertEquals(logDir.resolve("stdout.log") + " is not a regular file svcctl created (a link, or another"
                + " user's); remove it", refused.getMessage());
        assertUntouched(victim);
    }

    @Test
    void aPlantedRotatedLinkIsLeftAloneWhileTheServicesOwnFilesAreCompressedWithTheirMode() throws Exception {
        Path dir = Fixtures.freshDir("attack/rotated-link");
        Path victim = victim(dir);
        Path logDir = Files.createDirectory(dir.resolve("logs"));
        Files.createSymbolicLink(logDir.resolve(STAMPED), victim);
        Path earlier = Files.writeString(logDir.resolve("stdout-20200101T000001Z-000002.log"), "earlier run\n");
        Files.setPosixFilePermissions(earlier, PosixFilePermissions.fromString("rw-------"));

        Outcome outcome = run(spec(logDir, "for i in 1 2 3 4 5 6 7 8; do echo line $i of a service; done", true),
                dir, Fixtures.port());

        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertUntouched(victim);
        assertTrue(Files.isSymbolicLink(logDir.resolve(STAMPED)), "the planted link was removed or replaced");
        assertFalse(Files.exists(logDir.resolve(STAMPED + ".gz"), LinkOption.NOFOLLOW_LINKS));
        Path earlierGz = logDir.resolve(earlier.getFileName() + ".gz");
        assertEquals("earlier run\n", new String(LogFiles.content(earlierGz)));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(earlierGz));
        String all = new String(LogFiles.all(logDir, "stdout"));
        assertTrue(all.endsWith("line 8 of a service\n"), all);
    }

    @Test
    void aRotatedFileOfAnotherUserIsNeitherCompressedNorDeleted() throws Exception {
        OtherUser.require();
        Path dir = Fixtures.freshDir("attack/rotated-foreign");
        Path victim = victim(dir);
        Path logDir = Files.createDirectory(dir.resolve("logs"));
        Path foreign = Files.writeString(logDir.resolve(STAMPED), "not svcctl's\n");
        OtherUser.own(foreign);

        ServiceSpec keepOne = ServiceSpec.builder("attacked", "/bin/sh")
                .args("-c", "for i in 1 2 3 4 5 6 7 8; do echo line $i of a service; done")
                .logs(new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.of(logDir.toString()),
                        Optional.of(new RotateSpec(OptionalLong.of(64), RotateEvery.NONE, 1, true,
                                OptionalLong.empty()))))
                .restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofMillis(100), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
        Outcome outcome = run(keepOne, dir, Fixtures.port());

        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertUntouched(victim);
        assertEquals("not svcctl's\n", Files.readString(foreign));
        assertEquals(OtherUser.principal(), Files.getOwner(foreign));
        assertFalse(Files.exists(logDir.resolve(STAMPED + ".gz")));
    }

    @Test
    void aFifoSwappedForALinkAfterItWasMadeStillFeedsTheLogAndTruncatesNothing() throws Exception {
        assumeTrue(Fixtures.isLinux(), "the FIFO path is Linux only");
        Path dir = Fixtures.freshDir("attack/fifo-swap");
        Path victim = victim(dir);
        Path logDir = dir.resolve("logs");
        // Wins the race every time: the name is a link to the victim by the time the program's end is opened.
        ProcessPort swapping = new ForwardingPort(Fixtures.port()) {
            @Override
            public Optional<OpenFifo> openFifo(Path path) throws IOException {
                Optional<OpenFifo> fifo = super.openFifo(path);
                Files.delete(path);
                Files.createSymbolicLink(path, victim);
                return fifo;
            }
        };
        Outcome outcome = run(spec(logDir, "echo out; echo err >&2", false), dir, swapping);

        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertUntouched(victim);
        assertEquals("out\n", Files.readString(logDir.resolve("stdout.log")));
        assertEquals("err\n", Files.readString(logDir.resolve("stderr.log")));
        assertEquals(Set.of("stdout.log", "stderr.log"), names(logDir));
    }

    @Test
    void aLinkPlantedByAnotherUserInASharedStickyDirectoryIsNotFollowed() throws Exception {
        OtherUser.require();
        Path dir = Fixtures.freshDir("attack/sticky-link");
        Path victim = victim(dir);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path logDir = tmp.resolve("logs");
        OtherUser.run("ln -s '" + victim.getParent() + "' '" + logDir + "'");

        IOException refused = assertThrows(IOException.class,
                () -> new Supervisor(spec(logDir, "echo hello", false), Fixtures.settings(dir), Fixtures.port(),
                        new RecordingListener()).start());

        assertEquals(logDir + " is a link owned by nobody in a directory other users can write: another user could"
                + " redirect the supervisor's writes; choose another logs.dir", refused.getMessage());
        assertUntouched(victim);
    }

    @Test
    void aLinkOnTheWayThroughDirectoriesOnlyTrustedUsersWriteIsFollowed() throws Exception {
        Path dir = Fixtures.freshDir("attack/trusted-link");
        Path real = Files.createDirectories(dir.resolve("real/logs"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("real"));
        Outcome outcome = run(spec(dir.resolve("link/logs"), "echo through the link", false), dir, Fixtures.port());
        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertEquals("through the link\n", Files.readString(real.resolve("stdout.log")));
    }

    @Test
    void aLogDirectoryEveryUserCanWriteIsRefused() throws Exception {
        Path dir = Fixtures.freshDir("attack/world-writable");
        Path logDir = Files.createDirectory(dir.resolve("logs"));
        Files.setPosixFilePermissions(logDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class,
                () -> new Supervisor(spec(logDir, "echo hello", false), Fixtures.settings(dir), Fixtures.port(),
                        new RecordingListener()).start());
        assertEquals("the log directory " + logDir + " is writable by every user: another user could redirect the"
                + " supervisor's writes; chown or chmod it, or choose another logs.dir", refused.getMessage());
        assertEquals(Set.of(), names(logDir));
    }
}
