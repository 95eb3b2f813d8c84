package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** install --root DIR (package builds): the complete tree under DIR, and launchctl is never called. */
class RootDirectoryTest {
    private final FakeLaunchctl launchctl = new FakeLaunchctl(new ArrayList<>());

    private LaunchdBackend backend(Path sandbox) throws Exception {
        Path emptyBin = Files.createDirectories(sandbox.resolve("bin"));
        return new LaunchdBackend(launchctl, new LocalPlistFiles(),
                new FakeHost(501, "/Users/alice", emptyBin.toString()));
    }

    private static InstallOptions under(Path dir) {
        return new InstallOptions(false, false, false, false, false, Optional.of(dir));
    }

    @Test
    void theFilesGoUnderTheRootAndNothingIsCalled() throws Exception {
        Path sandbox = Sandbox.dir("root-plain");
        Path dir = sandbox.resolve("pkgroot");
        LaunchdBackend backend = backend(sandbox);

        InstallResult result = backend.install(List.of(ServiceSpec.builder("web", "python3").build()), under(dir))
                .get(0);

        Path plist = dir.resolve("Library/LaunchDaemons/web.plist");
        assertEquals(plist.toString(), result.location());
        assertTrue(Files.readString(plist).contains("<string>python3</string>"), "unresolved bare command kept");
        assertFalse(Files.exists(dir.resolve("etc/svcctl/services/web.yaml")), "a plain service has no spec copy");
        backend.uninstall(List.of("web"), under(dir));
        assertFalse(Files.exists(plist));
        assertEquals(List.of(), launchctl.calls);
    }

    @Test
    void aSupervisedServiceGetsTheSpecCopyThatSvcctlRunReads() throws Exception {
        Path sandbox = Sandbox.dir("root-supervised");
        Path dir = sandbox.resolve("pkgroot");
        ServiceSpec spec = ServiceSpec.builder("api", "/opt/api/bin/api").args("--port", "8080")
                .healthCheck(new HealthCheckSpec(HealthCheckSpec.Kind.TCP, "127.0.0.1:8080", List.of(),
                        Duration.ofSeconds(10), Duration.ofSeconds(2), 3, Duration.ZERO)).build();
        assertTrue(Supervision.bySvcctl(spec));

        backend(sandbox).install(List.of(spec), under(dir));

        Path copy = dir.resolve("etc/svcctl/services/api.yaml");
        assertEquals(spec, SpecLoader.load(copy).spec(), "the copy loads back to the installed spec");
        assertTrue(Files.readString(dir.resolve("Library/LaunchDaemons/api.plist"))
                .contains("<string>--name</string>\n\t\t<string>api</string>"));
        backend(sandbox).uninstall(List.of("api"), under(dir));
        assertFalse(Files.exists(copy));
        assertEquals(List.of(), launchctl.calls);
    }
}
