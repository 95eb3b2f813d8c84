package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, attack 2: a runtime directory under a shared TMPDIR that another user created first (with a link
 * where a state file's temporary copy goes) must be refused, not written through; and the state file's temporary
 * copy is never opened through a planted link.
 */
class RuntimeDirAttackTest {
    private static final String SECRET = "the victim's file\n";

    /** The paths of a user with no XDG_RUNTIME_DIR, whose TMPDIR is {@code tmp}: the fallback TMPDIR/svcctl-USER. */
    private static SvcctlPaths paths(Path tmp, String user) {
        return new SvcctlPaths(Map.of(), "/nonexistent", user, tmp.toString(), false);
    }

    private static String self() {
        return System.getProperty("user.name");
    }

    private static Path victim(Path dir) throws IOException {
        Path victim = Files.createDirectory(dir.resolve("home")).resolve("victim");
        Files.writeString(victim, SECRET);
        return victim;
    }

    private static SupervisorState state() {
        return new SupervisorState("api", 10, OptionalLong.empty(), ProgramState.RUNNING,
                Instant.parse("2026-12-07T00:00:00Z"), 0, Optional.empty(), Health.NONE, ReadyState.NONE,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aRuntimeDirectoryAnotherUserCreatedFirstIsRefusedAndNothingIsWritten() throws Exception {
        OtherUser.require();
        Path dir = Fixtures.freshDir("attack/runtime-dir");
        Path victim = victim(dir);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path planted = tmp.resolve("svcctl-" + self());
        OtherUser.run("mkdir -m 0777 '" + planted + "' && ln -s '" + victim + "' '" + planted.resolve("api.json.tmp")
                + "' && ln -s '" + victim + "' '" + planted.resolve("api.json") + "'");

        BackendException refused = assertThrows(BackendException.class, () -> paths(tmp, self()).privateRuntimeDir());

        assertEquals("the runtime directory " + planted + " is owned by nobody, not by " + self()
                + "; svcctl keeps its state only where no one else can write", refused.getMessage());
        assertEquals(SECRET, Files.readString(victim));
    }

    @Test
    void aRootInstalledServiceRunAsNobodyRefusesTheDirectoryAThirdUserCreatedFirst() throws Exception {
        OtherUser.require();
        Path dir = Fixtures.freshDir("attack/runtime-dir-nobody");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path planted = tmp.resolve("svcctl-nobody");
        int third = 4242;
        OtherUser.runAs(third, "mkdir -m 0777 '" + planted + "' && ln -s /nonexistent '" + planted.resolve("api.json")
                + "'");

        // What `svcctl run` of a `user: nobody` service computes under systemd (User=nobody, no XDG_RUNTIME_DIR).
        BackendException refused = assertThrows(BackendException.class, () -> paths(tmp, "nobody").privateRuntimeDir());

        assertEquals("the runtime directory " + planted + " is owned by " + third + ", not by nobody; svcctl keeps its"
                + " state only where no one else can write", refused.getMessage());
    }

    @Test
    void theFallbackDirectoryIsCreatedPrivateAndAnOpenOneIsRefused() throws Exception {
        Path tmp = Fixtures.freshDir("attack/runtime-fallback");
        Path created = paths(tmp, self()).privateRuntimeDir();
        assertEquals(tmp.resolve("svcctl-" + self()), created);
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(created));
        assertEquals(created, paths(tmp, self()).privateRuntimeDir(), "checked again, and still fine");

        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwxrwxrwx"));
        BackendException open = assertThrows(BackendException.class, () -> paths(tmp, self()).privateRuntimeDir());
        assertTrue(open.getMessage().endsWith(" is writable by other users; svcctl keeps its state only where no"
                + " one else can write"), open.getMessage());
    }

    @Test
    void aRuntimeDirectoryThatIsALinkIsRefused() throws Exception {
        Path tmp = Fixtures.freshDir("attack/runtime-link");
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(tmp.resolve("svcctl-" + self()), elsewhere);
        BackendException refused = assertThrows(BackendException.class, () -> paths(tmp, self()).privateRuntimeDir());
        assertTrue(refused.getMessage().contains(" is a symbolic link;"), refused.getMessage());
    }

    @Test
    void theStateFilesTemporaryCopyIsNeverWrittenThroughAPlantedLink() throws Exception {
        Path dir = Fixtures.freshDir("attack/state-tmp");
        Path victim = victim(dir);
        Path runtime = Files.createDirectory(dir.resolve("run"));
        Path stateFile = runtime.resolve("api.json");
        for (String name : new String[] {"api.json.tmp", ".api.json.tmp", ".api.json." + ProcessHandle.current().pid()
                + ".tmp"}) {
            Files.createSymbolicLink(runtime.resolve(name), victim);
        }

        new StateFile(stateFile).write(state());

        assertEquals(SECRET, Files.readString(victim));
        assertTrue(Files.readString(stateFile).contains("\"state\": \"running\""));
        assertTrue(Files.isRegularFile(stateFile, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aStateFileAnotherUserOwnsIsNotBelieved() throws Exception {
        OtherUser.require();
        Path runtime = Fixtures.freshDir("attack/state-owner");
        Path stateFile = runtime.resolve("api.json");
        new StateFile(stateFile).write(state());
        assertTrue(new StateFile(stateFile).read().isPresent(), "root's own file is read");

        OtherUser.own(stateFile);

        assertEquals(Optional.empty(), new StateFile(stateFile).read());
    }
}
