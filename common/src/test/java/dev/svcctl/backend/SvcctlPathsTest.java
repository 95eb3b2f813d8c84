package dev.svcctl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcctl.spec.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SvcctlPathsTest {
    private static SvcctlPaths paths(Map<String, String> env, boolean root) {
        return new SvcctlPaths(env, "/home/ann", root ? "root" : "ann", "/var/tmp", root);
    }

    @Test
    void installedSpecsLiveInEtcOrTheUsersConfigDirectory() {
        SvcctlPaths plain = paths(Map.of(), false);
        assertEquals(Path.of("/etc/svcctl/services/api.yaml"), plain.installedSpec("api", Scope.SYSTEM));
        assertEquals(Path.of("/home/ann/.config/svcctl/services/api.yaml"), plain.installedSpec("api", Scope.USER));
        assertEquals(Path.of("/home/ann/.config/svcctl/services/api.yaml"),
                paths(Map.of("XDG_CONFIG_HOME", "/xdg"), false).installedSpec("api", Scope.USER),
                "install (in a shell) and svcctl run (under the service manager) must agree whatever their env");
    }

    @Test
    void theRuntimeDirectoryDependsOnWhoRunsTheSupervisor() {
        assertEquals(Path.of("/run/svcctl/api.json"), paths(Map.of(), true).stateFile("api"));
        assertEquals(Path.of("/run/user/1000/svcctl/api.json"),
                paths(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), false).stateFile("api"));
        assertEquals(Path.of("/var/tmp/svcctl-ann/api.json"), paths(Map.of(), false).stateFile("api"));
        assertEquals(Path.of("/srv/rt/api.json"),
                paths(Map.of("SVCCTL_RUNTIME_DIR", "/srv/rt", "XDG_RUNTIME_DIR", "/run/user/0"), true).stateFile("api"));
    }

    @Test
    void statusLooksWhereTheSupervisorsOfAScopeWrite() {
        assertEquals(List.of(Path.of("/run/svcctl/api.json")), paths(Map.of(), true).stateFiles("api", Scope.SYSTEM));
        assertEquals(List.of(Path.of("/run/svcctl/api.json"), Path.of("/run/user/1000/svcctl/api.json")),
                paths(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), false).stateFiles("api", Scope.SYSTEM),
                "root's supervisors, then this user's own svcctl run");
        assertEquals(List.of(Path.of("/run/user/1000/svcctl/api.json")),
                paths(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), false).stateFiles("api", Scope.USER));
        assertEquals(List.of(Path.of("/srv/rt/api.json")),
                paths(Map.of("SVCCTL_RUNTIME_DIR", "/srv/rt"), false).stateFiles("api", Scope.SYSTEM));
        assertEquals(List.of(Path.of("/srv/rt/api.json")),
                paths(Map.of("SVCCTL_RUNTIME_DIR", "/srv/rt"), true).stateFiles("api", Scope.USER));
    }

    @Test
    void defaultLogDirectoriesMatchWhatTheSystemdUnitCreates() {
        assertEquals(Path.of("/var/log/svcctl/api"), paths(Map.of(), true).defaultLogDir("api", Scope.SYSTEM));
        assertEquals(Path.of("/home/ann/.local/state/log/svcctl/api"),
                paths(Map.of(), false).defaultLogDir("api", Scope.USER));
        assertEquals(Path.of("/st/log/svcctl/api"),
                paths(Map.of("XDG_STATE_HOME", "/st"), false).defaultLogDir("api", Scope.USER));
    }

    @Test
    void aUserWithoutANameStillGetsAPrivateRuntimeDirectory() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "/proc/self names the owner of a nameless uid");
        Path tmp = Path.of("target", "test-work", "nameless").toAbsolutePath();
        Files.createDirectories(tmp);
        Path dir = new SvcctlPaths(Map.of(), "/nonexistent", "?", tmp.toString(), false).privateRuntimeDir();
        assertEquals(tmp.resolve("svcctl-?"), dir);
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir));
    }
}
